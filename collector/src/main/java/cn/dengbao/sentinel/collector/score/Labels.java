package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;

/** zh-CN wording of verdicts and risk levels, as assessors write them. */
public final class Labels {
    private Labels() {
    }

    public static String status(Status s) {
        return switch (s) {
            case PASS -> "符合";
            case PARTIAL -> "部分符合";
            case FAIL -> "不符合";
            case NOT_APPLICABLE -> "不适用";
            case MANUAL -> "需人工核查";
            case ERROR -> "无法判定（采集错误）";
            default -> "未知";
        };
    }

    public static String risk(Risk r) {
        return switch (r) {
            case HIGH -> "高";
            case MEDIUM -> "中";
            case LOW -> "低";
            case NONE -> "无";
            default -> "";
        };
    }
}
