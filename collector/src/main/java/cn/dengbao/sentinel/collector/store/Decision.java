package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.checks.labels.Labels;
import java.util.Locale;

/** An operator's decision on a finding; it stays until revoked, whatever later scans say. */
public enum Decision {
    ACCEPTED_RISK(Labels.ACCEPTED_RISK),
    NOT_APPLICABLE(Labels.NOT_APPLICABLE);

    private final String code;

    Decision(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** zh-CN label for operator-facing output. */
    public String label() {
        return Labels.decision(code);
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
