package cn.dengbao.sentinel.probes.support;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.proto.Setting;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code key = value} files (pwquality.conf, faillock.conf, pwhistory.conf): '#' starts a comment, bare keys are flags. */
public final class KeyValueConf {
    private KeyValueConf() {
    }

    /** Settings with lower-case keys; a later line overrides an earlier one. A bare flag gets the value "1". */
    public static Map<String, Setting> parse(String path, String text) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (LogicalLine l : ConfigText.physicalLines(text)) {
            String raw = l.text();
            int hash = raw.indexOf('#');
            String t = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            String key;
            String value;
            if (eq >= 0) {
                key = t.substring(0, eq).strip();
                value = ConfigText.unquote(t.substring(eq + 1).strip());
            } else {
                String[] parts = t.split("\\s+", 2);
                key = parts[0];
                value = parts.length > 1 ? ConfigText.unquote(parts[1]) : "1";
            }
            if (key.isEmpty()) {
                continue;
            }
            key = key.toLowerCase(Locale.ROOT);
            out.put(key, Setting.newBuilder().setKey(key).setValue(value)
                    .setSource(ProbeContext.source(path, l.number(), raw)).build());
        }
        return out;
    }
}
