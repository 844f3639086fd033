package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One stream's records by package (source and binary names kept apart), built once and shared by every host. */
public final class StreamIndex {
    private final String stream;
    private final Map<String, List<VulnRecord>> bySource = new HashMap<>();
    private final Map<String, List<VulnRecord>> byBinary = new HashMap<>();

    public StreamIndex(String stream, List<VulnRecord> records) {
        this.stream = stream;
        for (VulnRecord r : records) {
            if (!r.stream().equals(stream)) {
                throw new IllegalArgumentException("record of " + r.stream() + " in index of " + stream);
            }
            Map<String, List<VulnRecord>> m = VulnRecord.SOURCE_PACKAGE.equals(r.kind()) ? bySource : byBinary;
            m.computeIfAbsent(r.pkg(), k -> new java.util.ArrayList<>()).add(r);
        }
    }

    public String stream() {
        return stream;
    }

    List<VulnRecord> source(String name) {
        return bySource.getOrDefault(name, List.of());
    }

    List<VulnRecord> binary(String name) {
        return byBinary.getOrDefault(name, List.of());
    }
}
