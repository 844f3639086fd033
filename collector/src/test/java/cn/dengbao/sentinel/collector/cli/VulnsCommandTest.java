package cn.dengbao.sentinel.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.store.Json;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.VulnRecord;
import cn.dengbao.sentinel.collector.vulns.VulnSamples;
import cn.dengbao.sentinel.testkit.ConsoleRun;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vulns build} on one machine, {@code vulns import} on another (its own data directory and key), {@code vulns
 * status}: the real vendors' samples end to end, and a modified bundle or a bundle signed by an untrusted key refused.
 */
class VulnsCommandTest {
    @TempDir
    Path tmp;

    private String out;
    private String err;

    private int run(String... args) {
        ConsoleRun r = ConsoleRun.of(() -> CollectorMain.execute(args));
        out = r.out();
        err = r.err();
        return r.exit();
    }

    @Test
    void buildSignImportAndShowCoverage() throws Exception {
        Path feeds = VulnSamples.feedDir(tmp.resolve("feeds"), "debian/tracker-api-advisory.json",
                "openeuler/csaf-openeuler-sa-2025-1351.json", "cisa-kev.json");
        Path builder = tmp.resolve("builder-data");
        Path bundle = tmp.resolve("vulns-2026-12.json.gz");
        assertEquals(0, run("vulns", "build", "--from", feeds.toString(), "--out", bundle.toString(), "--data-dir",
                builder.toString()), err);
        assertTrue(out.contains("7 条记录"), out);
        Path pub = builder.resolve("keys/export-sm2.pub.pem");

        Path collector = tmp.resolve("collector-data");
        Store.embedded(collector).close();
        assertEquals(0, run("vulns", "import", bundle.toString(), "--public-key", pub.toString(), "--data-dir",
                collector.toString()), err);
        assertTrue(out.contains("已导入漏洞数据包 #1：7 条记录"), out);
        assertTrue(out.contains("cisa-kev：1404 条"), out);

        try (Store s = Store.embedded(collector)) {
            List<VulnRecord> sp4 = s.vulnFeeds().records("openeuler:22.03-LTS-SP4");
            assertEquals(1, sp4.size());
            assertEquals("9.0-33.oe2203sp4", sp4.get(0).fixedVersion());
            assertTrue(s.audit().list(0, 100).stream().anyMatch(e -> e.action().equals("vulns.import")));
        }

        // the sample files are old (their copy time is their retrieval time here): a short max age makes them stale
        assertEquals(0, run("vulns", "status", "--format", "json", "--max-age", "36500d", "--data-dir",
                collector.toString()), err);
        JsonNode rows = Json.MAPPER.readTree(out);
        JsonNode debian11 = find(rows, "debian:11");
        assertEquals("current", debian11.get("state").asText());
        assertEquals(2, debian11.get("records").asInt());
        assertEquals("no_data", find(rows, "centos:7").get("state").asText(), "expected streams show their gap");
        assertEquals(0, run("vulns", "status", "--max-age", "0d", "--data-dir", collector.toString()), err);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("debian:11") && l.contains("过期")), out);
        assertTrue(out.contains("未评估"), out);
    }

    @Test
    void refusesAModifiedBundleAndAnUntrustedKey() throws Exception {
        Path feeds = VulnSamples.feedDir(tmp.resolve("feeds"), "debian/tracker-api-advisory.json");
        Path bundle = tmp.resolve("b.json");
        assertEquals(0, run("vulns", "build", "--from", feeds.toString(), "--out", bundle.toString(), "--data-dir",
                tmp.resolve("builder").toString()), err);
        Path collector = tmp.resolve("collector");
        Store.embedded(collector).close();
        // the collector's own key did not sign it
        assertEquals(2, run("vulns", "import", bundle.toString(), "--data-dir", collector.toString()));
        assertTrue(err.contains("签名") || err.contains("公钥"), err);

        Path pub = tmp.resolve("builder/keys/export-sm2.pub.pem");
        Files.writeString(bundle, Files.readString(bundle).replace("1.3.5.15-1", "0.0.0-1"));
        assertEquals(2, run("vulns", "import", bundle.toString(), "--public-key", pub.toString(), "--data-dir",
                collector.toString()));
        assertTrue(err.contains("文件已被修改"), err);
        try (Store s = Store.embedded(collector)) {
            assertEquals(List.of(), s.vulnFeeds().streams(), "nothing stored from a refused bundle");
        }
    }

    private static JsonNode find(JsonNode rows, String stream) {
        for (JsonNode r : rows) {
            if (r.get("stream").asText().equals(stream)) {
                return r;
            }
        }
        throw new AssertionError("no row for " + stream + " in " + rows);
    }
}
