package cn.dengbao.sentinel.probes.access;

import java.util.HashMap;
import java.util.Map;

/**
 * Owner and group names as the host itself names them, from its {@code /etc/passwd} or {@code /etc/group}
 * ("name:x:id:…" lines): the collecting machine's own names would be wrong for an image or a remote host.
 */
public final class AccountNames {
    private AccountNames() {
    }

    /** Id to name; the first name for an id wins, as getpwuid does; comments and malformed lines name no one. */
    public static Map<Long, String> parse(String text) {
        Map<Long, String> names = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !f[0].isEmpty() && !f[0].startsWith("#")) {
                try {
                    names.putIfAbsent(Long.parseLong(f[2].strip()), f[0]);
                } catch (NumberFormatException ignored) {
                    // a malformed line names no one
                }
            }
        }
        return Map.copyOf(names);
    }
}
