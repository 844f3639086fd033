package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnRecord;
import cn.dengbao.sentinel.collector.store.VulnStreamStatus;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one host's match into 8.1.4.4e findings, in three honest states: affected with a vendor fix
 * ({@value #FIX_AVAILABLE} fails), affected without one ({@value #NO_VENDOR_FIX} fails: end of life, will not fix),
 * and not evaluated (no feed for the host's stream, or a feed older than the allowed age: both MANUAL, never PASS).
 * An end-of-life release is its own finding ({@value #END_OF_LIFE}).
 *
 * <p>Risk per the high-risk guide (6.4.3.2, "exploitable high-risk vulnerability"): a hit is high-risk when it is
 * severe (CVSS v3 ≥ 7.0, or the vendor rates it Important/Critical/high) AND exploitable in this context (listed by
 * CISA as known-exploited, or the host is internet_facing). Internet-facing: HIGH, no compensation, a 2025 major
 * hazard. Internal: HIGH, lowered to MEDIUM by access_restricted or hids; "需验证" since only a test confirms it.
 */
public final class VulnFindings {
    public static final String CLAUSE = "8.1.4.4e";
    public static final String FIX_AVAILABLE = "vuln-fix-available";
    public static final String NO_VENDOR_FIX = "vuln-no-vendor-fix";
    public static final String END_OF_LIFE = "os-end-of-life";
    static final int MAX_ROWS = 200;
    private static final Set<String> SEVERE = Set.of("important", "critical", "high", "高危", "严重", "重要");

    /** What is known about the host's feed: its stream (empty: not recognised) and the stored data's state. */
    public record Feed(Optional<String> stream, FeedCoverage.State state, VulnStreamStatus data, StreamIndex index,
                       Duration maxAge) {
    }

    private VulnFindings() {
    }

    public static List<Finding> findings(Facts facts, Feed feed, Map<String, String> attrs, Instant now) {
        List<Finding> out = new ArrayList<>();
        String notEvaluated = notEvaluatedReason(facts, feed);
        if (notEvaluated != null) {
            Status s = facts.getPackages().getPackagesCount() == 0 ? Status.ERROR : Status.MANUAL;
            out.add(unevaluated(FIX_AVAILABLE, titleFix(), s, notEvaluated));
            out.add(unevaluated(NO_VENDOR_FIX, titleNoFix(), s, notEvaluated));
        } else {
            List<VulnMatcher.Hit> hits = VulnMatcher.match(feed.index(), facts.getPackages());
            String stream = feed.stream().orElseThrow();
            out.add(judge(FIX_AVAILABLE, titleFix(), hits.stream().filter(VulnMatcher.Hit::fixAvailable).toList(),
                    facts, feed, attrs, stream));
            out.add(judge(NO_VENDOR_FIX, titleNoFix(), hits.stream().filter(h -> !h.fixAvailable()).toList(),
                    facts, feed, attrs, stream));
        }
        out.add(endOfLife(facts, feed.stream(), attrs, now));
        return out;
    }

    private static String titleFix() {
        return "已安装软件包无已发布修复的已知漏洞（离线漏洞数据比对）";
    }

    private static String titleNoFix() {
        return "已安装软件包无厂商不再修复的已知漏洞（停止支持或不修复）";
    }

    private static String notEvaluatedReason(Facts facts, Feed feed) {
        if (facts.getPackages().getPackagesCount() == 0) {
            return "未评估：未采集到已安装软件包清单 (no package list)";
        }
        if (feed.stream().isEmpty()) {
            return "未评估：无法确定发行版数据流（os-release " + facts.getOs().getId() + " "
                    + facts.getOs().getVersionId() + "）(stream unknown)";
        }
        return switch (feed.state()) {
            case NO_DATA -> "未评估：没有 " + feed.stream().get() + " 的漏洞数据（尚未导入漏洞数据包，或数据包不含该发行版）"
                    + "(no feed for this stream)，用 vulns import 导入包含该发行版的数据包";
            case STALE -> "未评估：" + feed.stream().get() + " 的漏洞数据获取于 " + feed.data().retrievedAt()
                    + "，超过有效期 " + feed.maxAge().toDays() + " 天 (feed too old)";
            case CURRENT -> null;
        };
    }

    private static Finding unevaluated(String rule, String title, Status status, String why) {
        return Finding.newBuilder().setRuleId(rule).setClause(CLAUSE).setTitle(title).setStatus(status)
                .setRisk(Risk.NONE).setMessage(why).addEvidence(Evidence.newBuilder().setText(why))
                .setRemediation("导入有效期内的离线漏洞数据包后重新扫描：sentinel-collector vulns import FILE；"
                        + "vulns status 查看各发行版数据的时效").build();
    }

    private static Finding judge(String rule, String title, List<VulnMatcher.Hit> hits, Facts facts, Feed feed,
                                 Map<String, String> attrs, String stream) {
        Finding.Builder f = Finding.newBuilder().setRuleId(rule).setClause(CLAUSE).setTitle(title);
        Source provenance = Source.newBuilder().setPath("vulns:" + stream).setExcerpt("漏洞数据 " + feed.data().sources()
                + "，获取于 " + feed.data().retrievedAt() + "，数据包 " + feed.data().fileName()).build();
        if (hits.isEmpty()) {
            return f.setStatus(Status.PASS).setRisk(Risk.NONE).setMessage("与 " + stream + " 漏洞数据（"
                    + feed.data().records() + " 条）比对，未发现" + (rule.equals(FIX_AVAILABLE) ? "有修复的" : "无修复的")
                    + "已知漏洞").addEvidence(Evidence.newBuilder().setText("比对 " + facts.getPackages()
                    .getPackagesCount() + " 个已安装软件包，数据流 " + stream).setSource(provenance)).build();
        }
        boolean internet = "true".equals(attrs.get("internet_facing"));
        List<VulnMatcher.Hit> sorted = new ArrayList<>(hits);
        // exploitable high-risk first, then by score; the test is made once per record, not once per comparison
        Map<VulnRecord, Boolean> first = new java.util.IdentityHashMap<>();
        for (VulnMatcher.Hit h : hits) {
            first.computeIfAbsent(h.record(), r -> severe(r) && (r.kev() || internet));
        }
        sorted.sort(Comparator.comparing((VulnMatcher.Hit h) -> !first.get(h.record()))
                .thenComparing(h -> -score(h.record())));
        boolean exploitable = severe(sorted.get(0).record()) && (sorted.get(0).record().kev() || internet);
        f.setStatus(Status.FAIL);
        if (exploitable && internet) {
            f.setRisk(Risk.HIGH).setMajorHazard(true).setRiskReason("互联网可访问的主机存在可被利用的高危漏洞"
                    + "（CVSS ≥ 7.0 或厂商评级重要/严重），高风险判定指引：无补偿措施");
        } else if (exploitable) {
            boolean compensated = "true".equals(attrs.get("access_restricted")) || "true".equals(attrs.get("hids"));
            f.setRisk(compensated ? Risk.MEDIUM : Risk.HIGH).setRiskReason("内网主机存在已知被利用（CISA KEV）的高危漏洞，"
                    + "需验证" + (compensated ? "；已限制访问来源或部署 HIDS（access_restricted/hids），降为中风险" : ""));
        } else {
            f.setRisk(Risk.MEDIUM).setRiskReason("存在未修补的已知漏洞，未达可被利用的高危漏洞条件（CVSS ≥ 7.0 或厂商"
                    + "评级重要/严重，且已知被利用或主机可从互联网访问）");
        }
        Set<String> cves = new HashSet<>();
        hits.forEach(h -> cves.addAll(h.record().cves()));
        f.setMessage(hits.size() + " 个软件包条目受 " + cves.size() + " 个已知漏洞影响（" + stream + "）");
        int n = 0;
        for (VulnMatcher.Hit h : sorted) {
            if (n++ == MAX_ROWS) {
                f.addEvidence(Evidence.newBuilder().setText("…另有 " + (sorted.size() - MAX_ROWS) + " 条，见 findings 导出"));
                break;
            }
            f.addEvidence(Evidence.newBuilder().setText(row(h)).setSource(provenance));
        }
        f.setRemediation(remediation(sorted, facts, stream));
        return f.build();
    }

    static String row(VulnMatcher.Hit h) {
        VulnRecord r = h.record();
        return "软件包 " + h.pkg() + (h.binaries().equals(List.of(h.pkg())) ? "" : "（" + String.join(" ", h.binaries())
                + "）") + "；已安装 " + h.installed() + "；修复版本 " + (r.fixedVersion() == null
                ? (r.status() == VulnRecord.Status.will_not_fix ? "无（厂商不修复/停止支持）" : "无（厂商尚未修复）")
                : r.fixedVersion()) + "；公告 " + (r.advisories().isEmpty() ? "-" : String.join(" ", r.advisories()))
                + "；CVE " + String.join(" ", r.cves()) + "；CVSS " + (r.cvss3() == null ? "-" : r.cvss3())
                + (r.severity() == null ? "" : "（厂商评级 " + r.severity() + "）") + "；KEV " + (r.kev() ? "是" : "否");
    }

    private static String remediation(List<VulnMatcher.Hit> hits, Facts facts, String stream) {
        Set<String> pending = new HashSet<>();
        facts.getPackages().getPendingUpdatesList().forEach(p -> pending.add(p.getName()));
        facts.getPackages().getPendingSecurityUpdatesList().forEach(p -> pending.add(p.getName()));
        boolean dpkg = Streams.scheme(stream) == Streams.Scheme.DPKG;
        Set<String> binaries = new java.util.TreeSet<>();
        Set<String> withUpdate = new java.util.TreeSet<>();
        for (VulnMatcher.Hit h : hits) {
            if (h.fixAvailable()) {
                binaries.addAll(h.binaries());
                h.binaries().stream().filter(pending::contains).forEach(withUpdate::add);
            }
        }
        StringBuilder s = new StringBuilder();
        if (binaries.isEmpty()) {
            s.append("厂商未提供修复：评估后升级到受支持的发行版或替换该软件，或以访问控制、HIDS 等措施降低风险并记录（findings decide）。");
            return s.toString();
        }
        s.append("经测试评估后升级到修复版本：").append(dpkg ? "apt-get install --only-upgrade " : "yum update ")
                .append(String.join(" ", binaries));
        if (!withUpdate.isEmpty()) {
            s.append("\n软件源已提供更新（包管理器待安装更新）：").append(dpkg ? "apt-get install --only-upgrade "
                    : "yum update ").append(String.join(" ", withUpdate));
        }
        s.append("\n内核或 glibc、openssl 等库更新后需重启相关服务或主机。");
        return s.toString();
    }

    private static Finding endOfLife(Facts facts, Optional<String> stream, Map<String, String> attrs, Instant now) {
        Finding.Builder f = Finding.newBuilder().setRuleId(END_OF_LIFE).setClause(CLAUSE)
                .setTitle("操作系统版本仍在厂商安全支持期内");
        String os = facts.getOs().getPrettyName().isEmpty() ? facts.getOs().getId() + " " + facts.getOs().getVersionId()
                : facts.getOs().getPrettyName();
        if (stream.isEmpty()) {
            return f.setStatus(Status.MANUAL).setRisk(Risk.NONE).setMessage("无法确定发行版（" + os + "），请人工核查其安全支持期")
                    .addEvidence(Evidence.newBuilder().setText("os-release: " + os)).build();
        }
        Optional<LocalDate> eol = Streams.endOfLife(stream.get());
        f.addEvidence(Evidence.newBuilder().setText("发行版 " + os + "（数据流 " + stream.get() + "）；安全支持截止 "
                + eol.map(LocalDate::toString).orElse("未到期或未记录")).setSource(facts.getOs().getSource()));
        if (eol.isEmpty() || !now.isAfter(eol.get().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
            return f.setStatus(Status.PASS).setRisk(Risk.NONE).setMessage("发行版仍在安全支持期内").build();
        }
        boolean internet = "true".equals(attrs.get("internet_facing"));
        return f.setStatus(Status.FAIL).setRisk(internet ? Risk.HIGH : Risk.MEDIUM).setMajorHazard(internet)
                .setRiskReason(internet ? "互联网可访问的主机运行已停止安全更新的操作系统，新漏洞不再修复（无补偿措施）"
                        : "操作系统已停止安全更新")
                .setMessage(os + " 已于 " + eol.get() + " 停止安全更新，“无待安装更新”不代表已修补")
                .setRemediation("迁移到受支持的版本（如 CentOS 7 → 麒麟 V10、openEuler 22.03 LTS、Anolis 8 或 RHEL），"
                        + "迁移前以访问控制、HIDS 降低风险并记录").build();
    }

    private static boolean severe(VulnRecord r) {
        return (r.cvss3() != null && r.cvss3() >= 7.0)
                || (r.severity() != null && SEVERE.contains(r.severity().toLowerCase(Locale.ROOT)));
    }

    private static double score(VulnRecord r) {
        return r.cvss3() == null ? 0 : r.cvss3();
    }

    /** The stream of a host from its os-release facts (openEuler's service pack comes from PRETTY_NAME). */
    public static Optional<String> streamOf(Facts facts) {
        String id = facts.getOs().getId();
        String version = facts.getOs().getVersionId();
        if ("openeuler".equalsIgnoreCase(id)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((LTS(?:-SP\\d+)?)\\)")
                    .matcher(facts.getOs().getPrettyName());
            if (m.find()) {
                version = version + "-" + m.group(1);
            }
        }
        return Streams.ofOsRelease(id, version);
    }

}
