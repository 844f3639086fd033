package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.FeedSource;
import cn.dengbao.sentinel.collector.store.VulnRecord;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The bundle file: {@code {"format":"sentinel-vuln-bundle","formatVersion":1,"createdAt":…,"sources":[{name, originUrl,
 * retrievedAt, sha256, licence, records}],"records":[{stream, package, packageKind, fixedVersion, status, advisories,
 * cves, severity, cvss3, kev, source}]}}}, gzip-compressed when the name ends in {@code .gz}. Read as a stream, record by
 * record, so a bundle of several hundred thousand records does not need its whole tree in memory; every record is
 * checked (known stream, status, kind, a declared source) and a bad one names its position.
 */
public final class BundleCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private BundleCodec() {
    }

    public static void write(Bundle b, Path file) throws IOException {
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file));
             OutputStream out = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
             JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", Bundle.FORMAT);
            g.writeNumberField("formatVersion", Bundle.FORMAT_VERSION);
            g.writeStringField("createdAt", b.createdAt().toString());
            g.writeArrayFieldStart("sources");
            for (FeedSource s : b.sources()) {
                g.writeStartObject();
                g.writeStringField("name", s.name());
                g.writeStringField("originUrl", s.originUrl());
                g.writeStringField("retrievedAt", s.retrievedAt().toString());
                g.writeStringField("sha256", s.sha256());
                g.writeStringField("licence", s.licence());
                g.writeNumberField("records", s.records());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("records");
            for (VulnRecord r : b.records()) {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("stream", r.stream());
                g.writeStringField("package", r.pkg());
                g.writeStringField("packageKind", r.kind());
                if (r.fixedVersion() != null) {
                    g.writeStringField("fixedVersion", r.fixedVersion());
                }
                g.writeStringField("status", r.status().name());
                strings(g, "advisories", r.advisories());
                strings(g, "cves", r.cves());
                if (r.severity() != null) {
                    g.writeStringField("severity", r.severity());
                }
                if (r.cvss3() != null) {
                    g.writeNumberField("cvss3", r.cvss3());
                }
                g.writeBooleanField("kev", r.kev());
                g.writeStringField("source", r.source());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** Reads and checks a bundle; IllegalArgumentException (zh-CN) says what is wrong and where. */
    public static Bundle read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             InputStream in = gzipped(raw) ? new GZIPInputStream(raw) : raw;
             JsonParser p = FACTORY.createParser(in)) {
            p.setCodec(MAPPER);
            expect(p.nextToken() == JsonToken.START_OBJECT, "不是 JSON 对象");
            String format = null;
            Integer version = null;
            Instant created = null;
            List<FeedSource> sources = null;
            List<VulnRecord> records = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "format" -> format = p.getValueAsString();
                    case "formatVersion" -> version = p.getIntValue();
                    case "createdAt" -> created = instant(p.getValueAsString(), "createdAt");
                    case "sources" -> sources = sources(p.readValueAsTree());
                    case "records" -> {
                        expect(sources != null, "sources 必须在 records 之前");
                        Set<String> names = new HashSet<>();
                        sources.forEach(s -> names.add(s.name()));
                        expect(p.currentToken() == JsonToken.START_ARRAY, "records 不是数组");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode n = p.readValueAsTree();
                            records.add(record(n, records.size(), names));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            expect(Bundle.FORMAT.equals(format), "format 不是 " + Bundle.FORMAT);
            expect(version != null && version == Bundle.FORMAT_VERSION, "不支持的 formatVersion: " + version);
            expect(created != null && sources != null, "缺少 createdAt 或 sources");
            return new Bundle(created, sources, records);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("漏洞数据包不是有效的 JSON (bundle is not valid JSON): "
                    + e.getOriginalMessage());
        }
    }

    private static boolean gzipped(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b;
    }

    private static List<FeedSource> sources(JsonNode arr) {
        expect(arr.isArray(), "sources 不是数组");
        List<FeedSource> out = new ArrayList<>();
        for (JsonNode s : arr) {
            out.add(new FeedSource(text(s, "name", true), text(s, "originUrl", true),
                    instant(text(s, "retrievedAt", true), "retrievedAt"), text(s, "sha256", true),
                    text(s, "licence", true), s.path("records").asInt()));
        }
        return out;
    }

    private static VulnRecord record(JsonNode n, int index, Set<String> sources) {
        try {
            String source = text(n, "source", true);
            expect(sources.contains(source), "来源 " + source + " 未在 sources 中声明");
            List<String> advisories = new ArrayList<>();
            n.path("advisories").forEach(a -> advisories.add(a.asText()));
            List<String> cves = new ArrayList<>();
            n.path("cves").forEach(a -> cves.add(a.asText()));
            JsonNode cvss = n.get("cvss3");
            return new VulnRecord(Streams.check(text(n, "stream", true)), text(n, "package", true),
                    text(n, "packageKind", true), text(n, "fixedVersion", false),
                    VulnRecord.Status.valueOf(text(n, "status", true)), advisories, cves, text(n, "severity", false),
                    cvss == null || cvss.isNull() ? null : cvss.asDouble(), n.path("kev").asBoolean(false), source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("漏洞数据包第 " + (index + 1) + " 条记录无效 (bad record): "
                    + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            expect(!required, "缺少字段 " + field);
            return null;
        }
        return v.asText();
    }

    private static Instant instant(String s, String field) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException(field + " 不是 ISO-8601 时间: " + s);
        }
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("漏洞数据包格式错误 (bad bundle): " + what);
        }
    }
}
