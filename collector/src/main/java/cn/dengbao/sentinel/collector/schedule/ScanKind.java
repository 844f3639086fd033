package cn.dengbao.sentinel.collector.schedule;

import java.util.Locale;

/** What a schedule scans: SSH targets of its group, agents of its group, or both. */
public enum ScanKind {
    SSH, AGENT, ALL;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScanKind parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("扫描类型无效: '" + s + "' (可选 ssh|agent|all)");
        }
    }

    public boolean includesSsh() {
        return this != AGENT;
    }

    public boolean includesAgents() {
        return this != SSH;
    }
}
