package cn.dengbao.sentinel.checks.labels;

import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;

/**
 * zh-CN labels of a verdict, a risk level and an operator decision. ERROR is 无法判定 everywhere: the facts
 * could not be read, so nothing was decided (it is not the tool's "错误").
 */
public final class Labels {
    /** Decision codes as the store keeps them and the CLI takes them ({@code findings decide --decision}). */
    public static final String ACCEPTED_RISK = "accepted_risk";
    public static final String NOT_APPLICABLE = "not_applicable";

    /** What stands in a cell that has no value (no status, no risk). */
    public static final String NONE = "-";

    private Labels() {
    }

    public static String status(Status s) {
        if (s == null) {
            return NONE;
        }
        return switch (s) {
            case PASS -> "符合";
            case PARTIAL -> "部分符合";
            case FAIL -> "不符合";
            case NOT_APPLICABLE -> "不适用";
            case MANUAL -> "需人工核查";
            case ERROR -> "无法判定";
            default -> NONE;
        };
    }

    public static String risk(Risk r) {
        if (r == null) {
            return NONE;
        }
        return switch (r) {
            case HIGH -> "高";
            case MEDIUM -> "中";
            case LOW -> "低";
            default -> NONE;
        };
    }

    /** The decision itself, as the operator made it: 风险已接受 or 不适用; "" for no (or an unknown) decision. */
    public static String decision(String code) {
        if (ACCEPTED_RISK.equals(code)) {
            return "风险已接受";
        }
        if (NOT_APPLICABLE.equals(code)) {
            return "不适用";
        }
        return "";
    }

    /**
     * The 整改状态 (rectification status) a decision gives a finding in the assessment record: 已接受风险 or
     * 已判定不适用; null for no decision (the status then follows the finding's lifecycle).
     */
    public static String rectification(String decisionCode) {
        if (ACCEPTED_RISK.equals(decisionCode)) {
            return "已接受风险";
        }
        if (NOT_APPLICABLE.equals(decisionCode)) {
            return "已判定不适用";
        }
        return null;
    }
}
