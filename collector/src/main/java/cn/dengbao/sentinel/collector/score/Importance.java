package cn.dengbao.sentinel.collector.score;

/** Importance grade of an 8.1.4 item in the 2021 template's deduction (关键 / 重要 / 一般). */
public enum Importance {
    KEY("关键"), IMPORTANT("重要"), GENERAL("一般");

    private final String label;

    Importance(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Accepts the zh-CN label or the English constant name, as found in the scoring YAML files. */
    public static Importance parse(String text) {
        for (Importance i : values()) {
            if (i.label.equals(text) || i.name().equalsIgnoreCase(text)) {
                return i;
            }
        }
        throw new IllegalArgumentException("未知的重要程度: " + text + "（应为 关键/重要/一般）");
    }
}
