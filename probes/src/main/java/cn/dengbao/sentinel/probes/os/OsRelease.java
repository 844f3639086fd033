package cn.dengbao.sentinel.probes.os;

import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.proto.OsFamily;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** os-release parsing (shell-style KEY=value, quoted or not) and the OS family mapping. */
public final class OsRelease {
    private static final Set<String> DEBIAN = Set.of("debian", "ubuntu", "uos", "deepin", "linuxmint", "raspbian", "kali", "ubuntukylin");
    private static final Set<String> RHEL = Set.of("rhel", "centos", "rocky", "almalinux", "openeuler", "anolis", "fedora",
            "ol", "kylin", "neokylin", "euleros", "tencentos", "opencloudos", "alinux", "amzn", "circle", "bclinux", "ctyunos", "hce");
    private static final Set<String> SUSE = Set.of("sles", "opensuse", "opensuse-leap", "opensuse-tumbleweed", "suse", "sled");

    private OsRelease() {
    }

    /** Values by key with their 1-based line, quotes and backslash escapes removed; comments ignored. */
    public static Map<String, LogicalLine> parse(String text) {
        Map<String, LogicalLine> out = new LinkedHashMap<>();
        for (LogicalLine line : ConfigText.physicalLines(text)) {
            String t = line.text().strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = t.substring(0, eq).strip();
            out.put(key, new LogicalLine(line.number(), value(t.substring(eq + 1).strip())));
        }
        return out;
    }

    static String value(String raw) {
        if (raw.isEmpty()) {
            return raw;
        }
        char q = raw.charAt(0);
        if (q == '"' || q == '\'') {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == q) {
                    break;
                }
                if (c == '\\' && q == '"' && i + 1 < raw.length()) {
                    c = raw.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        int hash = raw.indexOf(" #");
        return (hash >= 0 ? raw.substring(0, hash) : raw).strip();
    }

    /**
     * Family from ID, then ID_LIKE. Kylin needs care: Kylin V10 server (ID=kylin) is RHEL-like, while Ubuntu Kylin
     * says ID_LIKE=debian/ubuntu; an explicit ID_LIKE naming debian or ubuntu wins over the ID.
     */
    public static OsFamily family(String id, List<String> idLike) {
        String lower = id.toLowerCase(Locale.ROOT);
        boolean likeDebian = idLike.stream().anyMatch(s -> s.equalsIgnoreCase("debian") || s.equalsIgnoreCase("ubuntu"));
        if (lower.contains("kylin") && likeDebian) {
            return OsFamily.DEBIAN;
        }
        OsFamily byId = byName(lower);
        if (byId != OsFamily.OTHER_LINUX) {
            return byId;
        }
        for (String like : idLike) {
            OsFamily f = byName(like.toLowerCase(Locale.ROOT));
            if (f != OsFamily.OTHER_LINUX) {
                return f;
            }
        }
        return OsFamily.OTHER_LINUX;
    }

    private static OsFamily byName(String name) {
        if (DEBIAN.contains(name)) {
            return OsFamily.DEBIAN;
        }
        if (RHEL.contains(name) || name.equals("redhat")) {
            return OsFamily.RHEL;
        }
        if (SUSE.contains(name) || name.startsWith("opensuse")) {
            return OsFamily.SUSE;
        }
        return OsFamily.OTHER_LINUX;
    }
}
