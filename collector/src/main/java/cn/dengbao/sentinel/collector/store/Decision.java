package cn.dengbao.sentinel.collector.store;

import java.util.Locale;

/** An operator's decision on a finding; it stays until revoked, whatever later scans say. */
public enum Decision {
    ACCEPTED_RISK("accepted_risk", "风险已接受"),
    NOT_APPLICABLE("not_applicable", "不适用");

    private final String code;
    private final String label;

    Decision(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    /** zh-CN label for operator-facing output. */
    public String label() {
        return label;
    }

    public static Decision parse(String s) {
        if (s != null) {
            String n = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (Decision d : values()) {
                if (d.code.equals(n)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("decision must be accepted_risk or not_applicable");
    }

    static Decision fromColumn(String s) {
        return s == null ? null : parse(s);
    }
}
