package cn.dengbao.sentinel.collector.server;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --config / --data-dir / --listen shared by the collector's server-side commands. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "collector.yaml (default: /etc/sentinel-collector/collector.yaml if present)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (overrides the config file)")
    Path dataDir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "listen address (default 127.0.0.1:8443)")
    String listen;

    public CollectorConfig load() throws IOException {
        CollectorConfig c = CollectorConfig.loadOrDefault(config);
        if (dataDir != null) {
            c.dataDir = dataDir.toString();
        }
        if (listen != null) {
            c.listen = listen;
        }
        c.validate();
        return c;
    }
}
