package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Advisories typed in by hand for vendors without a bulk feed (Kylin 麒麟 KYSA, UOS 统信 UTSA), shaped like their
 * advisory pages — one advisory, its CVEs and the packages it updates — as the YAML alternative to
 * {@link AdvisoryCsv}:
 * <pre>
 * origin: https://www.kylinos.cn/support/loophole/patch.html
 * licence: 麒麟软件安全公告（公开）
 * advisories:
 *   - id: KYSA-202508-1001
 *     stream: kylin:v10
 *     severity: 高危
 *     cvss3: 8.0
 *     cves: [CVE-2025-48384]
 *     status: fixed            # fixed (default when every package has fixed:), not_fixed, will_not_fix
 *     packages:
 *       - {name: git, kind: source, fixed: 2.27.0-9.p01.ky10}
 * </pre>
 * A bad entry is an error naming the advisory, so nothing typed in is silently dropped.
 */
final class AdvisoryYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private AdvisoryYaml() {
    }

    static AdvisoryCsv.Parsed parse(String sourceName, byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(sourceName + " 不是有效的 YAML: " + e.getMessage());
        }
        String origin = root == null ? "" : root.path("origin").asText("");
        String licence = root == null ? "" : root.path("licence").asText("");
        if (origin.isBlank() || licence.isBlank()) {
            throw new IllegalArgumentException(sourceName + " 缺少 origin: 与 licence:（数据来源与许可）");
        }
        List<VulnRecord> out = new ArrayList<>();
        int i = 0;
        for (JsonNode a : root.path("advisories")) {
            i++;
            String id = a.path("id").asText("");
            try {
                out.addAll(records(sourceName, a, id));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(sourceName + " 第 " + i + " 条公告 " + id + " 无效: " + e.getMessage());
            }
        }
        return new AdvisoryCsv.Parsed(origin, licence, out);
    }

    private static List<VulnRecord> records(String source, JsonNode a, String id) {
        String stream = Streams.check(a.path("stream").asText(null));
        List<String> cves = new ArrayList<>();
        a.path("cves").forEach(c -> cves.add(c.asText()));
        if (cves.isEmpty() || !cves.stream().allMatch(c -> c.matches("CVE-\\d{4}-\\d+"))) {
            throw new IllegalArgumentException("cves 须为 CVE 编号列表: " + cves);
        }
        if (!a.path("packages").isArray() || a.path("packages").isEmpty()) {
            throw new IllegalArgumentException("缺少 packages");
        }
        Double cvss = a.hasNonNull("cvss3") ? a.get("cvss3").asDouble() : null;
        String severity = a.hasNonNull("severity") ? a.get("severity").asText() : null;
        List<VulnRecord> out = new ArrayList<>();
        for (JsonNode p : a.path("packages")) {
            String fixed = p.hasNonNull("fixed") ? p.get("fixed").asText() : null;
            VulnRecord.Status status = VulnRecord.Status.valueOf(a.path("status").asText(
                    fixed == null ? "not_fixed" : "fixed"));
            out.add(new VulnRecord(stream, p.path("name").asText(), p.path("kind").asText(VulnRecord.SOURCE_PACKAGE),
                    status == VulnRecord.Status.fixed ? fixed : null, status, id.isBlank() ? List.of() : List.of(id),
                    cves, severity, cvss, false, source));
        }
        return out;
    }
}
