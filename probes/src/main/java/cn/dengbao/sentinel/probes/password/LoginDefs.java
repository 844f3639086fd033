package cn.dengbao.sentinel.probes.password;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.proto.Setting;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /etc/login.defs as shadow-utils reads it: {@code NAME value} lines, '#' comment lines, optional double quotes.
 * Names are case-sensitive (getdef.c def_find uses strcmp), so {@code umask 077} does not set UMASK.
 * When a name appears twice the LAST occurrence wins: shadow-utils' loader stores each line over the previous value
 * of the same name (getdef.c, putdef_str), so that is what passwd/useradd actually use.
 */
public final class LoginDefs {
    public static final String PATH = "/etc/login.defs";

    private LoginDefs() {
    }

    public static Map<String, Setting> parse(String text) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (LogicalLine l : ConfigText.physicalLines(text)) {
            String t = l.text().strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+", 2);
            String key = parts[0];  // getdef.c matches names with strcmp: "umask 077" is an unknown item, not UMASK
            String value = parts.length > 1 ? ConfigText.unquote(parts[1].strip()) : "";
            out.put(key, Setting.newBuilder().setKey(key).setValue(value)
                    .setSource(ProbeContext.source(PATH, l.number(), l.text())).build());
        }
        return out;
    }
}
