package cn.dengbao.sentinel.probes.support;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Shell-style globs as configuration files write them ({@code Include /etc/ssh/sshd_config.d/*.conf},
 * {@code $IncludeConfig /etc/rsyslog.d/*.conf}) and as probes declare the paths they read: '*', '?' and
 * '[...]' (with '!' negation) within ONE path component; '/' is never matched by a wildcard.
 */
public final class Glob {
    /** Matches nothing: a class such as "[z-a]" in a host's file must not make a probe fail. */
    private static final Pattern NOTHING = Pattern.compile("(?!)");

    private Glob() {
    }

    public static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** The regex of one component's glob. */
    public static Pattern regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String cls = glob.substring(i + 1, end).replace("\\", "\\\\");
                        if (cls.startsWith("!")) {
                            cls = "^" + cls.substring(1);
                        }
                        re.append('[').append(cls).append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString());
        } catch (PatternSyntaxException e) {
            return NOTHING;
        }
    }

    /** Whether one file name matches one component's glob. */
    public static boolean matches(String glob, String name) {
        return regex(glob).matcher(name).matches();
    }

    /**
     * Whether a directory entry matches one component's glob as the shell expands it: a wildcard does not match a
     * leading '.' unless the glob starts with one, so "*" skips ".hidden" (and editors' ".swp" files).
     */
    public static boolean matchesEntry(String glob, String name) {
        return matches(glob, name) && (!name.startsWith(".") || glob.startsWith("."));
    }

    /** Whether an absolute path matches an absolute glob component by component (no '**': depth is exact). */
    public static boolean matchesPath(String glob, String path) {
        List<String> g = components(glob);
        List<String> p = components(path);
        if (g.size() != p.size()) {
            return false;
        }
        for (int i = 0; i < g.size(); i++) {
            if (!(hasWildcard(g.get(i)) ? matches(g.get(i), p.get(i)) : g.get(i).equals(p.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** The non-empty components of an absolute path ("/etc//pam.d/" → [etc, pam.d]). */
    public static List<String> components(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
