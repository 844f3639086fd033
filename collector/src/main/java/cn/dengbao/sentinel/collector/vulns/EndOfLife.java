package cn.dengbao.sentinel.collector.vulns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end-of-life table ({@code vulns/end-of-life.yaml} on the classpath): when a stream stopped getting security
 * updates, and which vendor stream it rebuilds (CentOS 7 rebuilds RHEL 7). Data, so that a release reaching its end
 * is a line in a file, not a code change.
 */
public final class EndOfLife {
    static final String RESOURCE = "/vulns/end-of-life.yaml";

    /** One line of the table; {@code rebuildOf} is null for a stream that is no rebuild. */
    public record Entry(String stream, LocalDate endOfLife, String rebuildOf, String source) {
    }

    private static final Map<String, Entry> TABLE = load();

    private EndOfLife() {
    }

    /** When the release stopped getting security updates, if it has. */
    public static Optional<LocalDate> of(String stream) {
        return Optional.ofNullable(TABLE.get(stream)).map(Entry::endOfLife);
    }

    /** The streams that rebuild {@code vendorStream} (centos:7 for rhel:7). */
    static List<Entry> rebuildsOf(String vendorStream) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : TABLE.values()) {
            if (vendorStream.equals(e.rebuildOf())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Map<String, Entry> load() {
        try (InputStream in = EndOfLife.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the classpath");
            }
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("无法读取停止支持日期表 " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Entry> parse(JsonNode root) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (JsonNode n : root) {
            String stream = Streams.check(n.path("stream").asText(null));
            String rebuild = n.hasNonNull("rebuild_of") ? Streams.check(n.get("rebuild_of").asText()) : null;
            String source = n.path("source").asText("");
            if (source.isBlank()) {
                throw new IllegalArgumentException(RESOURCE + ": " + stream + " 缺少 source（停止支持日期的出处）");
            }
            try {
                out.put(stream, new Entry(stream, LocalDate.parse(n.path("end_of_life").asText()), rebuild, source));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(RESOURCE + ": " + stream + " 的 end_of_life 不是日期 (YYYY-MM-DD)");
            }
        }
        return Map.copyOf(out);
    }
}
