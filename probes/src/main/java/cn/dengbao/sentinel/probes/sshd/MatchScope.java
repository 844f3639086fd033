package cn.dengbao.sentinel.probes.sshd;

import cn.dengbao.sentinel.probes.support.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one {@code Match} line reaches, judged the way sshd's match_cfg_line does: criteria are ANDed, each takes a
 * comma-separated pattern list (globs, CIDR for addresses, '!' negates). Only criteria the host itself decides
 * (LocalPort, LocalAddress) can make a block unreachable; User, Group, Host and Address are chosen by whoever
 * connects, so a block with them is reachable by somebody.
 *
 * @param criteria  the text after "Match"
 * @param reachable some connection can satisfy it
 * @param everyone  every connection satisfies it (All, or "*" for each criterion): it shadows the global value
 * @param scope     zh-CN description of who it reaches
 */
record MatchScope(String criteria, boolean reachable, boolean everyone, String scope) {

    /** @param ports the ports sshd listens on; listenHosts the ListenAddress hosts, empty when it listens on all */
    static MatchScope of(String criteria, List<String> ports, List<String> listenHosts) {
        List<String> words = SshdConfigText.args(criteria);
        boolean reachable = true;
        boolean everyone = true;
        List<String> parts = new ArrayList<>();
        if (words.isEmpty()) {
            everyone = false;  // sshd refuses a Match without criteria; never read it as "everyone"
        }
        for (int i = 0; i < words.size(); i++) {
            String kw = words.get(i).toLowerCase(Locale.ROOT);
            if (kw.equals("all")) {
                parts.add("所有连接");
                continue;
            }
            String patterns = i + 1 < words.size() ? words.get(++i) : "";
            boolean star = patterns.equals("*");
            everyone &= star;
            switch (kw) {
                case "user" -> parts.add("用户 " + patterns);
                case "group" -> parts.add("组 " + patterns + " 的成员");
                case "host" -> parts.add("来自主机 " + patterns);
                case "address" -> parts.add(anyAddress(patterns) ? "来自任意地址（0.0.0.0/0）" : "来自 " + patterns);
                case "localaddress" -> {
                    parts.add("连接本机地址 " + patterns);
                    reachable &= listenHosts.isEmpty() || listenHosts.stream().anyMatch(h -> matchList(patterns, h));
                }
                case "localport" -> {
                    parts.add("连接本机端口 " + patterns);
                    reachable &= ports.stream().anyMatch(p -> matchList(patterns, p));
                }
                default -> parts.add(kw + " " + patterns);  // RDomain, Exec…: cannot be ruled out
            }
        }
        String scope = String.join("且", parts);
        return new MatchScope(criteria, reachable, everyone, parts.contains("所有连接") && parts.size() == 1
                ? scope : scope + "的连接");
    }

    private static boolean anyAddress(String patterns) {
        for (String p : patterns.split(",")) {
            if (p.equals("*") || p.equals("0.0.0.0/0") || p.equals("::/0")) {
                return true;
            }
        }
        return false;
    }

    /** sshd's match_pattern_list: a negated match rejects, otherwise any positive match accepts. */
    static boolean matchList(String patterns, String value) {
        boolean positive = false;
        for (String p : patterns.split(",")) {
            boolean neg = p.startsWith("!");
            String pat = neg ? p.substring(1) : p;
            boolean hit = pat.contains("/") ? Cidr.contains(pat, value) : Glob.matches(pat, value);
            if (hit && neg) {
                return false;
            }
            positive |= hit && !neg;
        }
        return positive;
    }

    /** IPv4 CIDR containment; anything else (IPv6, names) is taken as a possible match. */
    static final class Cidr {
        private Cidr() {
        }

        static boolean contains(String cidr, String address) {
            int slash = cidr.indexOf('/');
            long net = ipv4(cidr.substring(0, slash));
            long ip = ipv4(address);
            if (net < 0 || ip < 0) {
                return true;
            }
            int bits;
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                return true;
            }
            long mask = bits <= 0 ? 0 : (0xFFFFFFFFL << (32 - Math.min(32, bits))) & 0xFFFFFFFFL;
            return (net & mask) == (ip & mask);
        }

        private static long ipv4(String s) {
            String[] q = s.split("\\.");
            if (q.length != 4) {
                return -1;
            }
            long v = 0;
            for (String x : q) {
                try {
                    int n = Integer.parseInt(x);
                    if (n < 0 || n > 255) {
                        return -1;
                    }
                    v = (v << 8) | n;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            return v;
        }
    }
}
