package cn.dengbao.sentinel.collector.export;

/** Version string for manifests and reports. */
public final class ToolInfo {
    public static final String VERSION = "sentinel-collector 0.1.0";

    private ToolInfo() {
    }
}
