package cn.dengbao.sentinel.bench;

import cn.dengbao.sentinel.collector.export.HostSnapshot;

import cn.dengbao.sentinel.collector.score.ClauseInfo;
import cn.dengbao.sentinel.collector.score.ClauseTable;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Accounts;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic synthetic fleets for the export benchmark: realistic sizes of evidence, remediation and facts. */
public final class SyntheticData {
    private static final Status[] STATUS_POOL = {Status.PASS, Status.PASS, Status.PASS, Status.PASS, Status.PASS,
            Status.PASS, Status.FAIL, Status.FAIL, Status.PARTIAL, Status.MANUAL, Status.NOT_APPLICABLE, Status.ERROR};
    private static final Risk[] RISK_POOL = {Risk.LOW, Risk.MEDIUM, Risk.MEDIUM, Risk.MEDIUM, Risk.HIGH};

    public record Fleet(List<HostSnapshot> snapshots, List<LifecycleRecord> lifecycle) {
    }

    private SyntheticData() {
    }

    public static Fleet generate(int hosts, int rules, Instant now, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ClauseInfo> items = ClauseTable.builtIn().items();
        List<HostSnapshot> snaps = new ArrayList<>(hosts);
        List<LifecycleRecord> lc = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            String name = String.format("host-%05d.prod.gov.example", h);
            String group = "group-" + (h % 10);
            Evaluation.Builder ev = Evaluation.newBuilder().setHost(name).setReportId("r-" + h).setProfile("default")
                    .setEvaluatedAtEpochMs(now.toEpochMilli());
            Map<String, LifecycleRecord> perHost = new HashMap<>();
            for (int r = 0; r < rules; r++) {
                ClauseInfo c = items.get(r % items.size());
                Status st = STATUS_POOL[rnd.nextInt(STATUS_POOL.length)];
                boolean defect = st == Status.FAIL || st == Status.PARTIAL;
                Risk risk = defect ? RISK_POOL[rnd.nextInt(RISK_POOL.length)] : Risk.NONE;
                String rule = "rule-" + r;
                ev.addFindings(Finding.newBuilder().setRuleId(rule).setClause(c.clause())
                        .setTitle(c.control() + "：" + c.summary()).setStatus(st).setRisk(risk)
                        .setMajorHazard(risk == Risk.HIGH && r % 3 == 0)
                        .setMessage("口令最长使用期限未设置或超过 90 天（规则 " + rule + "）")
                        .addEvidence(Evidence.newBuilder().setText("login.defs PASS_MAX_DAYS")
                                .setSource(Source.newBuilder().setPath("/etc/login.defs").setLine(160)
                                        .setExcerpt("PASS_MAX_DAYS   99999")))
                        .addEvidence(Evidence.newBuilder().setText("root 账户 shadow 最长期限")
                                .setSource(Source.newBuilder().setPath("/etc/shadow").setLine(1)
                                        .setExcerpt("root:<HASHED>:19700:0:99999:7:::")))
                        .setRemediation("在 /etc/login.defs 中设置 PASS_MAX_DAYS 90，并对已有账户执行 chage -M 90 <用户>。\n"
                                + "Debian/Ubuntu：编辑 /etc/login.defs；RHEL/CentOS/麒麟/openEuler：同上，并检查 /etc/security/pwquality.conf。")
                        .setRiskReason(risk == Risk.HIGH ? "高风险判定指引：弱口令" : ""));
                if (defect || rnd.nextInt(10) == 0) {
                    Instant opened = now.minus(Duration.ofHours(rnd.nextInt(24 * 90)));
                    boolean fixed = !defect;
                    Instant fixedAt = fixed ? opened.plus(Duration.ofHours(rnd.nextInt(24 * 20) + 1)) : null;
                    if (fixedAt != null && fixedAt.isAfter(now)) {
                        fixedAt = now;
                    }
                    LifecycleRecord record = new LifecycleRecord("id-" + h, name, group, rule, c.clause(),
                            risk == Risk.NONE ? Risk.MEDIUM : risk, false, opened, opened, fixedAt, !fixed, 0, null);
                    perHost.put(rule, record);
                    lc.add(record);
                }
            }
            snaps.add(new HostSnapshot(name, group, Long.toString(h + 1), ev.build(), facts(name, h, now), perHost));
        }
        return new Fleet(snaps, lc);
    }

    private static Facts facts(String name, int h, Instant now) {
        Packages.Builder p = Packages.newBuilder().setManager("rpm");
        for (int i = 0; i < 400; i++) {
            p.addPackages(Package.newBuilder().setName("pkg-" + i).setVersion("1.0." + i));
        }
        return Facts.newBuilder()
                .setHost(HostInfo.newBuilder().setHostname(name).setCollectedAtEpochMs(now.toEpochMilli())
                        .addIpAddresses("10.1." + (h / 250) + "." + (h % 250)))
                .setOs(OsInfo.newBuilder().setPrettyName("Kylin Linux Advanced Server V10 (Lance)")
                        .setKernelRelease("4.19.90-52.22.v2207.ky10.x86_64").setArch("x86_64"))
                .setPackages(p)
                .setListeningPorts(ListeningPorts.newBuilder().setCollected(true)
                        .addPorts(ListeningPort.newBuilder().setProtocol("tcp").setPort(22).setProcess("sshd"))
                        .addPorts(ListeningPort.newBuilder().setProtocol("tcp").setPort(111).setProcess("rpcbind")))
                .setAccounts(Accounts.newBuilder()
                        .addAccounts(Account.newBuilder().setName("root").setUid(0).setInteractiveShell(true)
                                .setPasswordState(PasswordState.HASHED))
                        .addAccounts(Account.newBuilder().setName("ops").setUid(1000).setInteractiveShell(true)
                                .setPasswordState(PasswordState.HASHED)))
                .build();
    }
}
