package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.cli.StoreOptions;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.time.Times;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * The collector's shared store options ({@link StoreOptions}: --data-dir, --db-url, …) plus the collector id that
 * signed manifests carry. The export-signing key lives under the same data directory.
 */
public final class StoreArgs {
    @Mixin
    StoreOptions store;

    @Option(names = "--collector-id", paramLabel = "ID", defaultValue = "${env:SENTINEL_COLLECTOR_ID}",
            description = "Collector id written into signed manifests (default: this machine's host name)")
    String collectorId;

    public Path dataDir() {
        return store.dataDir();
    }

    /** How times are shown: the collector's configured zone ({@link StoreOptions#times()}). */
    public Times times() {
        return store.times();
    }

    /** Opens the store; bad options throw IllegalArgumentException (reported as exit 2). */
    public Store open() {
        return store.open();
    }

    public String collectorId() {
        if (collectorId != null && !collectorId.isBlank()) {
            return collectorId;
        }
        try {
            return "collector@" + InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "collector";
        }
    }
}
