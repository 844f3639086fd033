package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiTargets;
import cn.dengbao.sentinel.collector.score.Scorer;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.ListeningPort;
import cn.dengbao.sentinel.proto.ListeningPorts;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.proto.Packages;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-built evaluations with hostile strings in every field an agent controls. */
public final class ReportFixtures {
    public static final String SCRIPT_HOST = "<script>alert(1)</script>";
    public static final String FORMULA_HOST = "=HYPERLINK(\"http://x\",\"y\")";
    public static final String IMG_EXCERPT = "<img src=\"http://evil.example/x.png\" onerror=\"alert(2)\">";
    public static final String FORMULA_EXCERPT = "@SUM(1+1)*cmd|' /C calc'!A0";
    public static final Instant NOW = Instant.parse("2026-03-31T00:00:00Z");
    /** The fixtures' reports show Beijing time: 8 hours from the UTC instants above. */
    public static final Times BEIJING = Times.of(java.time.ZoneId.of("Asia/Shanghai"));

    private ReportFixtures() {
    }

    static Finding finding(String rule, String clause, Status s, Risk r, boolean hazard, String excerpt) {
        return Finding.newBuilder().setRuleId(rule).setClause(clause).setTitle("检查项 " + rule).setStatus(s).setRisk(r)
                .setMajorHazard(hazard).setMessage("结论说明 " + rule)
                .addEvidence(Evidence.newBuilder().setText("证据, \"带引号\"")
                        .setSource(Source.newBuilder().setPath("/etc/login.defs").setLine(25).setExcerpt(excerpt)))
                .setRemediation("-修改配置后重启服务\n示例：sed -i ...").setRiskReason(hazard ? "高风险判定指引" : "").build();
    }

    static Evaluation evaluation(String host, String reportId) {
        return Evaluation.newBuilder().setHost(host).setReportId(reportId).setProfile("default")
                .setEvaluatedAtEpochMs(NOW.toEpochMilli())
                .addFindings(finding("pwd-max-age", "8.1.4.1a", Status.FAIL, Risk.MEDIUM, false, IMG_EXCERPT))
                .addFindings(finding("ssh-plaintext", "8.1.4.1c", Status.FAIL, Risk.HIGH, true, FORMULA_EXCERPT))
                .addFindings(finding("lockout", "8.1.4.1b", Status.PASS, Risk.NONE, false, "deny=5"))
                .addFindings(finding("mfa", "8.1.4.1d", Status.MANUAL, Risk.NONE, false, ""))
                .addFindings(finding("input-valid", "8.1.4.4d", Status.NOT_APPLICABLE, Risk.NONE, false, ""))
                .build();
    }

    static Facts facts(String host) {
        return Facts.newBuilder()
                .setHost(HostInfo.newBuilder().setHostname(host).setCollectedAtEpochMs(NOW.toEpochMilli())
                        .addIpAddresses("10.0.0.5"))
                .setOs(OsInfo.newBuilder().setPrettyName("Kylin Linux Advanced Server V10 <b>")
                        .setKernelRelease("4.19.90-24.4.v2101.ky10.x86_64").setArch("x86_64"))
                .setPackages(Packages.newBuilder().addPackages(Package.newBuilder().setName("openssh"))
                        .addPackages(Package.newBuilder().setName("bash")).addPackages(Package.newBuilder().setName("=cmd")))
                .setListeningPorts(ListeningPorts.newBuilder().setCollected(true)
                        .addPorts(ListeningPort.newBuilder().setProtocol("tcp").setPort(22).setProcess("sshd"))
                        .addPorts(ListeningPort.newBuilder().setProtocol("tcp").setPort(25).setLoopbackOnly(true)))
                .setAccounts(cn.dengbao.sentinel.proto.Accounts.newBuilder()
                        .addAccounts(Account.newBuilder().setName("root").setUid(0).setInteractiveShell(true)
                                .setPasswordState(PasswordState.HASHED))
                        .addAccounts(Account.newBuilder().setName("+evil").setUid(1001).setInteractiveShell(true)
                                .setPasswordState(PasswordState.EMPTY))
                        .addAccounts(Account.newBuilder().setName("daemon").setUid(2).setInteractiveShell(false)))
                .build();
    }

    /** A finding first seen (and last opened) at {@code opened}, fixed at {@code fixed} (null while open). */
    static LifecycleRecord lifecycle(String hostId, String host, String rule, String clause, Risk risk, String opened,
                                     String fixed) {
        Instant at = Instant.parse(opened);
        return new LifecycleRecord(hostId, host, "prod", rule, clause, risk, false, at, at,
                fixed == null ? null : Instant.parse(fixed), fixed == null, 0, null);
    }

    public static final Instant DECIDED_AT = Instant.parse("2026-03-20T02:00:00Z");
    public static final String DECISION_REASON = "已由堡垒机统一管理，telnet 仅限运维专网（补偿措施）";
    public static final String DECISION_BY = "张三（安全管理员）";

    /**
     * One host (web-1) with history: ssh-plaintext's risk accepted by {@link #DECISION_BY} at {@link #DECIDED_AT}
     * for {@link #DECISION_REASON}; pwd-max-age once declared not applicable, then revoked; lockout fixed by scan #7
     * after failing in scan #6, then reopened once and fixed again.
     */
    public static ReportData withDecisions() {
        Instant opened = Instant.parse("2026-03-01T00:00:00Z");
        LifecycleRecord ssh = new LifecycleRecord("h1", "web-1", "prod", "ssh-plaintext", "8.1.4.1c", Risk.HIGH, true,
                Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-10T00:00:00Z"), null, true, 0,
                cn.dengbao.sentinel.collector.store.Decision.ACCEPTED_RISK);
        LifecycleRecord pwd = lifecycle("h1", "web-1", "pwd-max-age", "8.1.4.1a", Risk.MEDIUM, "2026-03-01T00:00:00Z", null);
        LifecycleRecord lock = new LifecycleRecord("h1", "web-1", "prod", "lockout", "8.1.4.1b", Risk.MEDIUM, false,
                opened, Instant.parse("2026-03-03T00:00:00Z"), Instant.parse("2026-03-05T00:00:00Z"), false, 1, null);
        List<LifecycleRecord> lc = List.of(ssh, pwd, lock);
        DecisionNote accepted = DecisionNote.inForce("ssh-plaintext",
                cn.dengbao.sentinel.collector.store.Decision.ACCEPTED_RISK, DECISION_REASON, DECISION_BY, DECIDED_AT);
        DecisionNote revoked = new DecisionNote("pwd-max-age", cn.dengbao.sentinel.collector.store.Decision.NOT_APPLICABLE,
                "系统不使用口令登录", "李四", Instant.parse("2026-03-02T00:00:00Z"), false,
                Instant.parse("2026-03-04T00:00:00Z"), "王五", "仍有口令登录账户");
        List<cn.dengbao.sentinel.collector.store.FindingEvent> lockEvents = List.of(
                new cn.dengbao.sentinel.collector.store.FindingEvent("h1", "lockout", 5L, opened, "opened", null, "FAIL", null, null),
                new cn.dengbao.sentinel.collector.store.FindingEvent("h1", "lockout", 6L, Instant.parse("2026-03-02T00:00:00Z"), "fixed", "FAIL", "PASS", null, null),
                new cn.dengbao.sentinel.collector.store.FindingEvent("h1", "lockout", 6L, Instant.parse("2026-03-03T00:00:00Z"), "reopened", "PASS", "FAIL", null, null),
                new cn.dengbao.sentinel.collector.store.FindingEvent("h1", "lockout", 7L, Instant.parse("2026-03-05T00:00:00Z"), "fixed", "FAIL", "PASS", null, null));
        HostHistory history = new HostHistory(Map.of("ssh-plaintext", List.of(accepted), "pwd-max-age", List.of(revoked)),
                Map.of("lockout", lockEvents),
                Map.of("lockout", new HostHistory.FixEvidence("扫描 #6：deny 未配置", "扫描 #7：deny=5")));
        HostSnapshot snap = new HostSnapshot("web-1", "prod", "7", evaluation("web-1", "r-7"), facts("web-1"),
                ReportBuilder.byHost(lc).get("web-1"), history);
        return new ReportBuilder(Scorer.builtIn(), new KpiCalculator(KpiTargets.defaults(), BEIJING), BEIJING)
                .build("主机 web-1", List.of(snap), lc, NOW, null, "collector-<1>", "0.1.0");
    }

    /** Two hosts in group "prod": SCRIPT_HOST (scan 1) and FORMULA_HOST (scan 2), each with one open high risk. */
    public static ReportData sample() {
        List<LifecycleRecord> lc = List.of(
                lifecycle("h1", SCRIPT_HOST, "pwd-max-age", "8.1.4.1a", Risk.MEDIUM, "2026-03-01T00:00:00Z", null),
                lifecycle("h1", SCRIPT_HOST, "ssh-plaintext", "8.1.4.1c", Risk.HIGH, "2026-03-10T00:00:00Z", null),
                lifecycle("h1", SCRIPT_HOST, "lockout", "8.1.4.1b", Risk.MEDIUM, "2026-03-01T00:00:00Z",
                        "2026-03-05T00:00:00Z"),
                lifecycle("h2", FORMULA_HOST, "ssh-plaintext", "8.1.4.1c", Risk.HIGH, "2026-03-10T00:00:00Z", null));
        Map<String, Map<String, LifecycleRecord>> byHost = ReportBuilder.byHost(lc);
        List<HostSnapshot> snaps = List.of(
                new HostSnapshot(SCRIPT_HOST, "prod", "1", evaluation(SCRIPT_HOST, "r-1"), facts(SCRIPT_HOST),
                        byHost.get(SCRIPT_HOST)),
                new HostSnapshot(FORMULA_HOST, "prod", "2", evaluation(FORMULA_HOST, "r-2"), null,
                        byHost.get(FORMULA_HOST)));
        return new ReportBuilder(Scorer.builtIn(), new KpiCalculator(KpiTargets.defaults(), BEIJING), BEIJING)
                .build("分组 prod", snaps, lc, NOW, null, "collector-<1>", "0.1.0");
    }
}
