package cn.dengbao.sentinel.checks.engine;

import java.util.List;
import java.util.Map;

/**
 * What a rule's parameter may be set to: the kind of its default (integer, number, text, true/false, list of
 * those) and, for numbers, a range — at least 0 unless the rule declares {@code param_limits}, and an integer
 * never beyond what a threshold can mean. A profile value outside it is refused when the engine is built, with the
 * profile's name and the parameter's path, instead of turning the rule to ERROR on every host or, worse, wrapping
 * a huge number into a verdict.
 */
final class ParamSchema {
    /** No threshold (days, seconds, counts, lengths) needs more; larger values are typos or attacks. */
    static final long MAX_INTEGER = Integer.MAX_VALUE;

    private ParamSchema() {
    }

    /** Null when {@code value} fits the parameter whose default is {@code dflt}; otherwise why not (zh-CN). */
    static String violation(Object dflt, Object value, RuleDefinition.ParamLimits limits) {
        String kind = kind(dflt);
        if (dflt instanceof List<?> defaults) {
            if (!(value instanceof List<?> values)) {
                return "应为列表（expected a list），实际为" + kind(value);
            }
            Object sample = defaults.isEmpty() ? null : defaults.get(0);
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                String why = sample == null ? (v instanceof Map<?, ?> || v instanceof List<?> ? "列表元素应为单个取值" : null)
                        : violation(sample, v, limits);
                if (why != null) {
                    return "[" + i + "] " + why;
                }
            }
            return null;
        }
        if (dflt instanceof Long) {
            if (!(value instanceof Long l)) {
                return "应为整数（expected an integer），实际为" + kind(value) + " " + value;
            }
            return range(l, limits, true);
        }
        if (dflt instanceof Double) {
            if (!(value instanceof Long || value instanceof Double)) {
                return "应为数值（expected a number），实际为" + kind(value) + " " + value;
            }
            return range((Number) value, limits, false);
        }
        if (dflt instanceof Boolean) {
            return value instanceof Boolean ? null : "应为 true 或 false，实际为" + kind(value) + " " + value;
        }
        if (dflt instanceof String) {
            return value instanceof String ? null : "应为文本（expected a string），实际为" + kind(value) + " " + value;
        }
        return value != null && value.getClass() == dflt.getClass() ? null : "应为" + kind + "，实际为" + kind(value);
    }

    private static String range(Number n, RuleDefinition.ParamLimits limits, boolean integer) {
        double v = n.doubleValue();
        double min = limits != null && limits.min() != null ? limits.min() : 0;
        double max = limits != null && limits.max() != null ? limits.max() : integer ? MAX_INTEGER : Double.MAX_VALUE;
        if (Double.isNaN(v) || v < min || v > max) {
            return "取值 " + n + " 超出范围 [" + fmt(min) + ", " + fmt(max) + "]";
        }
        return null;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static String kind(Object v) {
        if (v instanceof Long) {
            return "整数";
        }
        if (v instanceof Double) {
            return "小数";
        }
        if (v instanceof Boolean) {
            return "布尔值";
        }
        if (v instanceof String) {
            return "文本";
        }
        if (v instanceof List<?>) {
            return "列表";
        }
        if (v instanceof Map<?, ?>) {
            return "映射";
        }
        return v == null ? "空值" : v.getClass().getSimpleName();
    }
}
