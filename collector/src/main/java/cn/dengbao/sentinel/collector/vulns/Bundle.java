package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.FeedSource;
import cn.dengbao.sentinel.collector.store.VulnRecord;
import java.time.Instant;
import java.util.List;

/**
 * A vulnerability feed bundle: its manifest (creation time, the sources with their provenance) and the normalised
 * records. On disk one JSON file ({@link BundleCodec}), signed like an export (FILE.manifest.json + FILE.manifest.sig).
 */
public record Bundle(Instant createdAt, List<FeedSource> sources, List<VulnRecord> records) {
    public static final String FORMAT = "sentinel-vuln-bundle";
    public static final int FORMAT_VERSION = 1;

    public Bundle {
        sources = List.copyOf(sources);
        records = List.copyOf(records);
    }
}
