package cn.dengbao.sentinel.probes.firewall;

import static cn.dengbao.sentinel.probes.ProbePath.read;
import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.system.ActiveUnits;
import cn.dengbao.sentinel.probes.system.InstalledPackages;
import cn.dengbao.sentinel.probes.system.Systemd;
import cn.dengbao.sentinel.probes.system.SysvInit;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Firewall;
import cn.dengbao.sentinel.proto.Setting;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Host firewall configuration as saved on disk (what survives a reboot): nftables, iptables-save files, firewalld
 * zones, ufw, and TCP wrappers. Rules are kept as settings with file and line so a rule can cite them.
 */
public final class FirewallProbe implements Probe {
    public static final String FACT = "firewall";
    static final List<String> NFT_CONFS = List.of("/etc/nftables.conf", "/etc/sysconfig/nftables.conf");
    static final List<String> IPTABLES_SAVED = List.of("/etc/iptables/rules.v4", "/etc/iptables/rules.v6",
            "/etc/sysconfig/iptables", "/etc/sysconfig/ip6tables");

    /**
     * The saved rule sets of every firewall (the ones RHEL's iptables-services and ufw write are root-only), the
     * nftables drop-ins the distributions include, TCP wrappers.
     */
    static final List<ProbePath> PATHS = ProbePath.concat(
            List.of(read(NFT_CONFS.get(0)), read(NFT_CONFS.get(1)), read("/etc/nftables.d/*.nft"), read("/etc/nftables/*.nft"),
                    read("/etc/iptables/rules.v4"), read("/etc/iptables/rules.v6"),
                    read("/etc/sysconfig/iptables").rootOnly(), read("/etc/sysconfig/ip6tables").rootOnly(),
                    stat("/usr/sbin/firewalld"), stat("/usr/lib/firewalld"), read("/etc/ufw/ufw.conf"),
                    read("/etc/ufw/user.rules").rootOnly(), read("/etc/ufw/user6.rules").rootOnly(),
                    read("/etc/hosts.allow"), read("/etc/hosts.deny")),
            Firewalld.PATHS, Systemd.PATHS, SysvInit.PATHS, InstalledPackages.PATHS);

    @Override
    public FactSection section() {
        return FactSection.SECTION_FIREWALL;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public Set<FixedCommand> commands() {
        return Probe.union(ActiveUnits.COMMANDS, InstalledPackages.COMMANDS);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Firewall.Builder out = Firewall.newBuilder();
        Systemd systemd = Systemd.of(ctx, FACT);
        Set<String> packages = InstalledPackages.names(ctx, facts);
        Set<String> active = ActiveUnits.of(ctx);

        Set<String> visited = new HashSet<>();
        for (String conf : NFT_CONFS) {
            if (nft(ctx, conf, out, visited, 0)) {
                out.setNftablesConfigPresent(true);
            }
        }
        out.setNftablesEnabled(systemd.enabled("nftables.service") || active.contains("nftables"));

        for (String path : IPTABLES_SAVED) {
            ProbeFiles.readIfPresent(ctx, FACT, path).ifPresent(text -> {
                out.setIptablesSavedPresent(true);
                iptables(path, text, out::addIptablesRules);
            });
        }
        out.setIptablesEnabled(systemd.enabled("iptables.service", "ip6tables.service", "netfilter-persistent.service")
                || SysvInit.enabled(ctx, systemd, "iptables") || active.contains("iptables") || active.contains("netfilter-persistent"));

        out.setFirewalldInstalled(packages.contains("firewalld")
                || ProbeFiles.anyExists(ctx.access(), "/usr/sbin/firewalld", "/usr/lib/firewalld"));
        out.setFirewalldEnabled(systemd.enabled("firewalld.service") || active.contains("firewalld"));
        Firewalld.read(ctx, out);

        ufw(ctx, out, systemd);
        hostsFile(ctx, "/etc/hosts.allow", out::addHostsAllow);
        hostsFile(ctx, "/etc/hosts.deny", out::addHostsDeny);
        facts.setFirewall(out);
    }

    /** nftables script: rules keyed by "table/chain"; include statements followed (globs allowed). */
    private static boolean nft(ProbeContext ctx, String path, Firewall.Builder out, Set<String> visited, int depth) {
        if (depth > 6 || !visited.add(path)) {
            return false;
        }
        Optional<String> text = ProbeFiles.readIfPresent(ctx, FACT, path);
        if (text.isEmpty()) {
            return false;
        }
        Deque<String> scope = new ArrayDeque<>();
        for (LogicalLine line : ConfigText.physicalLines(text.get())) {
            String t = ConfigText.stripComment(line.text());
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("include ")) {
                String target = ConfigText.unquote(t.substring(8).strip());
                for (String inc : ProbeFiles.glob(ctx, FACT, target)) {
                    nft(ctx, inc, out, visited, depth + 1);
                }
                continue;
            }
            if (t.endsWith("{")) {
                String head = t.substring(0, t.length() - 1).strip();
                String[] w = head.split("\\s+");
                scope.push(w.length == 0 ? head : w[w.length - 1]);
                continue;
            }
            if (t.startsWith("}")) {
                if (!scope.isEmpty()) {
                    scope.pop();
                }
                continue;
            }
            if (t.startsWith("flush ruleset")) {
                continue;
            }
            List<String> names = new java.util.ArrayList<>(scope);
            java.util.Collections.reverse(names);
            String key = String.join("/", names);
            out.addNftablesRules(Setting.newBuilder().setKey(key).setValue(t).setSource(ProbeContext.source(path, line.number(), t)));
        }
        return true;
    }

    /** iptables-save format: "*table", ":CHAIN POLICY [p:b]", "-A CHAIN ...", "COMMIT". */
    static void iptables(String path, String text, Consumer<Setting> sink) {
        String table = "filter";
        for (LogicalLine line : ConfigText.physicalLines(text)) {
            String t = line.text().strip();
            if (t.startsWith("*")) {
                table = t.substring(1);
            } else if (t.startsWith(":") || t.startsWith("-A ") || t.startsWith("-I ") || t.startsWith("-P ")) {
                sink.accept(Setting.newBuilder().setKey(table).setValue(t).setSource(ProbeContext.source(path, line.number(), t)).build());
            }
        }
    }

    private static void ufw(ProbeContext ctx, Firewall.Builder out, Systemd systemd) {
        String conf = "/etc/ufw/ufw.conf";
        ProbeFiles.readIfPresent(ctx, FACT, conf).ifPresent(text -> {
            for (LogicalLine line : ConfigText.physicalLines(text)) {
                String t = ConfigText.stripComment(line.text());
                if (t.toUpperCase(java.util.Locale.ROOT).startsWith("ENABLED=")) {
                    out.setUfwEnabled(ConfigText.unquote(t.substring(8)).equalsIgnoreCase("yes"));
                }
            }
        });
        for (String rules : new String[] {"/etc/ufw/user.rules", "/etc/ufw/user6.rules"}) {
            ProbeFiles.readIfPresent(ctx, FACT, rules).ifPresent(text -> {
                for (LogicalLine line : ConfigText.physicalLines(text)) {
                    String t = line.text().strip();
                    // "### tuple ### allow tcp 22 0.0.0.0/0 any 10.0.0.0/8 in" is ufw's own record of a user rule
                    if (t.startsWith("### tuple ###")) {
                        String v = t.substring("### tuple ###".length()).strip();
                        out.addUfwRules(Setting.newBuilder().setKey("tuple").setValue(v).setSource(ProbeContext.source(rules, line.number(), t)));
                    }
                }
            });
        }
    }

    private static void hostsFile(ProbeContext ctx, String path, Consumer<Setting> sink) {
        ProbeFiles.readIfPresent(ctx, FACT, path).ifPresent(text -> {
            for (LogicalLine line : ConfigText.physicalLines(text)) {
                String t = ConfigText.stripComment(line.text());
                if (t.isEmpty()) {
                    continue;
                }
                int colon = t.indexOf(':');
                String key = colon > 0 ? t.substring(0, colon).strip() : t;
                sink.accept(Setting.newBuilder().setKey(key).setValue(t).setSource(ProbeContext.source(path, line.number(), t)).build());
            }
        });
    }
}
