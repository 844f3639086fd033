package cn.dengbao.sentinel.probes.sshd;

import java.util.ArrayList;
import java.util.List;

/** sshd_config argument splitting (misc.c argv_split): blanks separate, double quotes group, '#' starts a comment. */
final class SshdConfigText {
    private SshdConfigText() {
    }

    static List<String> args(String rest) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '#' && !quoted && !any) {
                break;  // OpenSSH ends the line at a '#' that starts a word
            }
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
