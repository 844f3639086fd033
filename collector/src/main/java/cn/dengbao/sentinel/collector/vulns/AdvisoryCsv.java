package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Advisories typed in by hand for vendors without a bulk feed (Kylin 麒麟 KYSA, UOS 统信 UTSA): a CSV with a header
 * {@code stream,package,package_kind,fixed_version,status,advisory,cves,severity,cvss3} (cves separated by spaces or
 * semicolons; status fixed / not_fixed / will_not_fix), preceded by {@code # origin: URL} and {@code # licence: …}
 * comment lines that become the source's provenance. A bad line is an error naming its line number.
 */
final class AdvisoryCsv {
    static final List<String> HEADER = List.of("stream", "package", "package_kind", "fixed_version", "status",
            "advisory", "cves", "severity", "cvss3");

    record Parsed(String origin, String licence, List<VulnRecord> records) {
    }

    private AdvisoryCsv() {
    }

    static Parsed parse(String sourceName, String text) {
        String origin = null;
        String licence = null;
        List<VulnRecord> out = new ArrayList<>();
        boolean header = false;
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String c = line.substring(1).strip();
                if (c.toLowerCase(Locale.ROOT).startsWith("origin:")) {
                    origin = c.substring(7).strip();
                } else if (c.toLowerCase(Locale.ROOT).startsWith("licence:")) {
                    licence = c.substring(8).strip();
                }
                continue;
            }
            List<String> f = fields(line);
            if (!header) {
                if (!f.equals(HEADER)) {
                    throw new IllegalArgumentException(sourceName + " 第 " + (i + 1) + " 行：表头应为 "
                            + String.join(",", HEADER));
                }
                header = true;
                continue;
            }
            try {
                out.add(record(sourceName, f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(sourceName + " 第 " + (i + 1) + " 行无效: " + e.getMessage());
            }
        }
        if (origin == null || licence == null) {
            throw new IllegalArgumentException(sourceName + " 缺少 # origin: 与 # licence: 注释行（数据来源与许可）");
        }
        return new Parsed(origin, licence, out);
    }

    private static VulnRecord record(String source, List<String> f) {
        if (f.size() != HEADER.size()) {
            throw new IllegalArgumentException("应有 " + HEADER.size() + " 列，实际 " + f.size() + " 列");
        }
        String stream = Streams.check(f.get(0));
        List<String> cves = Arrays.stream(f.get(6).split("[;\\s]+")).filter(s -> !s.isBlank()).toList();
        String fixed = f.get(3).isBlank() ? null : f.get(3);
        return new VulnRecord(stream, f.get(1), f.get(2), fixed, VulnRecord.Status.valueOf(f.get(4)),
                f.get(5).isBlank() ? List.of() : List.of(f.get(5)), cves, f.get(7).isBlank() ? null : f.get(7),
                f.get(8).isBlank() ? null : Double.valueOf(f.get(8)), false, source);
    }

    /** RFC 4180 fields of one line (quotes, doubled quotes inside). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }
}
