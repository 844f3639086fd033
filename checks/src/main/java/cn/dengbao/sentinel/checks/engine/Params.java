package cn.dengbao.sentinel.checks.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** YAML gives Integer/Float; CEL wants Long/Double. Normalise once at load so evaluation does no conversion. */
final class Params {
    private Params() {}

    static Map<String, Object> normalize(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, value(v)));
        return Map.copyOf(out);
    }

    static Object value(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof java.math.BigInteger b) {
            // never wrap: 99999999999999999999 must not become a small (or negative) threshold
            if (b.bitLength() > 63) {
                throw new IllegalArgumentException("整数 " + b + " 超出范围（out of range）");
            }
            return b.longValue();
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(value(o));
            }
            return List.copyOf(out);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
            return Map.copyOf(out);
        }
        if (v == null) {
            throw new IllegalArgumentException("参数值不能为空");
        }
        return v;
    }
}
