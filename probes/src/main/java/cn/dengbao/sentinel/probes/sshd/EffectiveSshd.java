package cn.dengbao.sentinel.probes.sshd;

import cn.dengbao.sentinel.probes.support.Glob;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.SshMatchBlock;
import cn.dengbao.sentinel.proto.SshOption;
import cn.dengbao.sentinel.proto.SshOverride;
import cn.dengbao.sentinel.proto.Sshd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per option, what every connection gets (servconf.c): the global value (first one wins; unset = the version's
 * compiled-in default), then the Match blocks in file order — for one connection the first matching block that sets
 * an option decides it. A block nobody can reach (LocalPort sshd does not listen on) is left out; a block every
 * connection reaches (Match All, User *) hides the global value and every later block for the options it sets.
 */
final class EffectiveSshd {
    private EffectiveSshd() {
    }

    static void compute(Sshd.Builder out, Map<String, String> defaults, String versionLabel) {
        List<String> ports = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        boolean anyHost = out.getListenAddressesCount() == 0;
        for (Setting s : out.getListenAddressesList()) {
            String v = s.getValue().split("\\s+")[0];
            String host = v;
            if (v.startsWith("[") && v.contains("]")) {
                host = v.substring(1, v.indexOf(']'));
                if (v.indexOf("]:") > 0) {
                    ports.add(v.substring(v.indexOf("]:") + 2));
                }
            } else if (v.chars().filter(c -> c == ':').count() == 1) {
                host = v.substring(0, v.indexOf(':'));
                ports.add(v.substring(v.indexOf(':') + 1));
            }
            anyHost |= host.equals("0.0.0.0") || host.equals("::") || host.isEmpty();
            hosts.add(host);
        }
        for (Setting s : out.getPortsList()) {
            ports.add(s.getValue().strip());
        }
        if (ports.isEmpty()) {
            ports.add("22");
        }
        List<MatchScope> scopes = new ArrayList<>();
        for (SshMatchBlock.Builder b : out.getMatchBlocksBuilderList()) {
            MatchScope m = MatchScope.of(b.getCriteria(), ports, anyHost ? List.of() : hosts);
            b.setReachable(m.reachable()).setScope(m.scope());
            scopes.add(m);
        }
        Set<String> keys = new TreeSet<>(out.getOptionsMap().keySet());
        keys.addAll(defaults.keySet());
        out.getMatchBlocksList().forEach(b -> keys.addAll(b.getOptionsMap().keySet()));
        keys.removeAll(SshdProbe.MULTI);
        for (String key : keys) {
            out.putEffective(key, option(key, out, scopes, defaults.get(key), versionLabel));
        }
    }

    private static SshOption option(String key, Sshd.Builder out, List<MatchScope> scopes, String def, String versionLabel) {
        SshOption.Builder o = SshOption.newBuilder();
        Setting given = out.getOptionsMap().get(key);
        Setting global;
        if (given != null) {
            global = given.toBuilder().setValue(resolve(key, given.getValue(), def)).build();
        } else if (def != null) {
            // the key says it is a default, so evidence reads "maxauthtries（未设置，OpenSSH 9.2p1 编译默认值） = 6"
            global = Setting.newBuilder().setKey(key + "（未设置，OpenSSH " + versionLabel + " 编译默认值）").setValue(def)
                    .setSource(Source.newBuilder()
                    .setExcerpt("未设置，OpenSSH " + versionLabel + " 编译默认值 " + def)).build();
            o.setIsDefault(true);
        } else {
            global = null;
        }
        boolean shadowed = false;
        for (int i = 0; i < scopes.size() && !shadowed; i++) {
            SshMatchBlock b = out.getMatchBlocks(i);
            MatchScope m = scopes.get(i);
            Setting s = b.getOptionsMap().get(key);
            if (!m.reachable() || s == null) {
                continue;
            }
            String value = resolve(key, s.getValue(), def);
            o.addOverrides(SshOverride.newBuilder().setCriteria(b.getCriteria()).setScope(m.scope()).setValue(value)
                    .setSource(s.getSource()).setMatchSource(b.getSource())
                    .setSummary("Match " + b.getCriteria() + "（" + m.scope() + "）：" + s.getSource().getExcerpt().strip()
                            + "（" + s.getSource().getPath() + ":" + s.getSource().getLine() + "）"));
            shadowed = m.everyone();
        }
        if (global != null) {
            o.setGlobal(global);
            if (!shadowed) {
                o.addValues(global.getValue());
            }
        }
        o.getOverridesList().forEach(x -> o.addValues(x.getValue()));
        return o.build();
    }

    /** An algorithm list written relative to the default ('+' append, '-' remove patterns, '^' put first). */
    static String resolve(String key, String value, String def) {
        if (def == null || value.isEmpty() || !SshdDefaults.algorithmList(key) || "+-^".indexOf(value.charAt(0)) < 0) {
            return value;
        }
        List<String> base = Arrays.asList(def.split(","));
        List<String> given = Arrays.asList(value.substring(1).split(","));
        Set<String> out = new LinkedHashSet<>();
        switch (value.charAt(0)) {
            case '+' -> {
                out.addAll(base);
                out.addAll(given);
            }
            case '^' -> {
                out.addAll(given);
                out.addAll(base);
            }
            default -> base.stream().filter(a -> given.stream().noneMatch(p -> Glob.matches(p, a))).forEach(out::add);
        }
        return String.join(",", out);
    }
}
