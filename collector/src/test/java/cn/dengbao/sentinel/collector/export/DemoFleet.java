package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.collector.kpi.KpiCalculator;
import cn.dengbao.sentinel.collector.kpi.KpiTargets;
import cn.dengbao.sentinel.collector.score.Scorer;
import cn.dengbao.sentinel.collector.store.Decision;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.testkit.SyntheticFacts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small fleet judged by the real engine with the built-in rules and profile, with a history (findings first seen
 * 45 days ago, some fixed, one accepted risk): the data of the browser tests and of the README's screenshots.
 */
public final class DemoFleet {
    public static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");

    private DemoFleet() {
    }

    /** Four hosts in two groups; {@code hosts} limits it to the first n (1 = web-01 alone). */
    public static ReportData report(int hosts) {
        RuleEngine engine = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        List<Object[]> fleet = List.of(
                new Object[] {"web-01", "生产区", named(FactsFixtures.compliantHost()
                        .account("deploy", 1002, "/bin/bash", PasswordState.HASHED)
                        .loginDef("PASS_MAX_DAYS", "99999").sshd("permitrootlogin", "yes")
                        .sshd("clientaliveinterval", "0").listening("tcp", "0.0.0.0", 21, "vsftpd").build(), "web-01")},
                new Object[] {"app-03", "生产区", SyntheticFacts.server("app-03", "scan-app-03", 6)},
                new Object[] {"db-01", "生产区", named(FactsFixtures.compliantHost().build(), "db-01")},
                new Object[] {"oa-02", "办公区", named(FactsFixtures.rhel()
                        .account("root", 0, "/bin/bash", PasswordState.HASHED)
                        .account("guest", 1001, "/bin/bash", PasswordState.EMPTY)
                        .loginDef("PASS_MAX_DAYS", "99999").sshd("permitrootlogin", "yes")
                        .listening("tcp", "0.0.0.0", 23, "telnetd").build(), "oa-02")});
        List<HostSnapshot> snapshots = new ArrayList<>();
        List<LifecycleRecord> all = new ArrayList<>();
        for (Object[] h : fleet.subList(0, hosts)) {
            String name = (String) h[0];
            String group = (String) h[1];
            Evaluation ev = engine.evaluate((Facts) h[2], Map.of()).toBuilder().setHost(name)
                    .setReportId("scan-" + name).setEvaluatedAtEpochMs(NOW.toEpochMilli()).build();
            Map<String, LifecycleRecord> lc = new HashMap<>();
            Map<String, List<DecisionNote>> decisions = new HashMap<>();
            Map<String, HostHistory.FixEvidence> fixes = new HashMap<>();
            int n = 0;
            for (Finding f : ev.getFindingsList()) {
                boolean defect = f.getStatus() == Status.FAIL || f.getStatus() == Status.PARTIAL;
                Instant first = NOW.minus(Duration.ofDays(defect ? 45 : 40));
                LifecycleRecord r = null;
                if (defect) {
                    boolean accept = n++ == 3;
                    r = new LifecycleRecord(name, name, group, f.getRuleId(), f.getClause(), f.getRisk(),
                            f.getMajorHazard(), first, first, null, true, 0, accept ? Decision.ACCEPTED_RISK : null);
                    if (accept) {
                        decisions.put(f.getRuleId(), List.of(DecisionNote.inForce(f.getRuleId(), Decision.ACCEPTED_RISK,
                                "业务系统依赖，已由堡垒机统一管控并限制来源地址（补偿措施）", "张三（安全管理员）",
                                NOW.minus(Duration.ofDays(20)))));
                    }
                } else if (f.getStatus() == Status.PASS && n % 4 == 0) {
                    r = new LifecycleRecord(name, name, group, f.getRuleId(), f.getClause(), f.getRisk(), false, first,
                            first, first.plus(Duration.ofDays(12)), false, 0, null);
                    fixes.put(f.getRuleId(), new HostHistory.FixEvidence("整改前扫描：不符合", "复测扫描：" + f.getMessage()));
                }
                if (r != null) {
                    lc.put(f.getRuleId(), r);
                    all.add(r);
                }
            }
            snapshots.add(new HostSnapshot(name, group, "scan-" + name, ev, (Facts) h[2], lc,
                    new HostHistory(decisions, Map.of(), fixes)));
        }
        return new ReportBuilder(Scorer.builtIn(), new KpiCalculator(KpiTargets.defaults(), ReportFixtures.BEIJING),
                ReportFixtures.BEIJING).build(hosts == 1 ? "主机 web-01" : "全部主机", snapshots, all, NOW, null,
                "collector-01", ToolInfo.VERSION);
    }

    private static Facts named(Facts f, String host) {
        return f.toBuilder().setHost(f.getHost().toBuilder().setHostname(host)).build();
    }
}
