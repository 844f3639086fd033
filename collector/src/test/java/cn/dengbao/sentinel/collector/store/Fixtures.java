package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for facts and evaluations used by the store tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-01-05T02:00:00Z");

    private Fixtures() {}

    static Instant day(int n) {
        return T0.plusSeconds(86_400L * n);
    }

    static Facts facts(String hostname, String reportId, Instant collectedAt) {
        Packages.Builder pk = Packages.newBuilder().setManager("dpkg");
        for (int i = 0; i < 50; i++) {
            pk.addPackages(Package.newBuilder().setName("pkg-" + i).setVersion("1." + i).setArch("amd64"));
        }
        return Facts.newBuilder().setSchemaVersion("1").setReportId(reportId)
                .setHost(HostInfo.newBuilder().setHostname(hostname).setAccessMode(AccessMode.LOCAL)
                        .setCollectedAtEpochMs(collectedAt.toEpochMilli()))
                .setOs(OsInfo.newBuilder().setId("kylin").setPrettyName("Kylin Linux Advanced Server V10"))
                .setPackages(pk).build();
    }

    /** An evaluation with the given rule verdicts, in order. */
    static Evaluation eval(String host, String reportId, Map<String, Status> verdicts) {
        Evaluation.Builder b = Evaluation.newBuilder().setHost(host).setReportId(reportId).setProfile("default");
        for (Map.Entry<String, Status> e : verdicts.entrySet()) {
            b.addFindings(finding(e.getKey(), e.getValue()));
        }
        return b.build();
    }

    static Finding finding(String ruleId, Status status) {
        boolean failing = status == Status.FAIL || status == Status.PARTIAL;
        return Finding.newBuilder().setRuleId(ruleId).setClause(clauseOf(ruleId)).setTitle("规则 " + ruleId)
                .setStatus(status).setRisk(failing ? Risk.HIGH : Risk.NONE)
                .addEvidence(Evidence.newBuilder().setText("密码最长使用期限为 99999 天")
                        .setSource(Source.newBuilder().setPath("/etc/login.defs").setLine(160)
                                .setExcerpt("PASS_MAX_DAYS\t99999")))
                .setRemediation("将 PASS_MAX_DAYS 设为 90").setMessage(status.name())
                .setRiskReason(failing ? "无补偿措施" : "").setMajorHazard(failing && ruleId.endsWith("h"))
                .build();
    }

    static String clauseOf(String ruleId) {
        return switch (ruleId.charAt(0)) {
            case 'a' -> "8.1.4.1a";
            case 'b' -> "8.1.4.1b";
            case 'c' -> "8.1.4.1c";
            default -> "8.1.4.4b";
        };
    }

    static Map<String, Status> verdicts(Object... pairs) {
        Map<String, Status> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Status) pairs[i + 1]);
        }
        return m;
    }
}
