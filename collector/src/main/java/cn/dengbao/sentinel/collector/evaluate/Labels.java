package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;

/** The assessors' words for verdicts and risk levels (GB/T 28448 record sheets use these). */
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
            case ERROR -> "无法判定";
            default -> "未知";
        };
    }

    public static String risk(Risk r) {
        return switch (r) {
            case HIGH -> "高";
            case MEDIUM -> "中";
            case LOW -> "低";
            default -> "—";
        };
    }
}
