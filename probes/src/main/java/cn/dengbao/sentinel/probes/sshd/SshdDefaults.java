package cn.dengbao.sentinel.probes.sshd;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSSH's compiled-in server defaults for the options the rules judge, per upstream version (servconf.c
 * fill_default_server_options and myproposal.h KEX_SERVER_*). An unset option is judged by these values exactly
 * like an explicit line, so "unset" never passes by itself.
 */
final class SshdDefaults {
    /** 6.7 to 9.x (myproposal.h KEX_SERVER_MAC): SHA-1 and 64-bit UMAC are still offered. */
    static final String MACS_MODERN = "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
            + "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,"
            + "hmac-sha2-256,hmac-sha2-512,hmac-sha1";
    /** Before 6.7 (e.g. 6.6, RHEL 6 era): MD5, RIPEMD-160 and 96-bit truncated MACs were still offered by default. */
    static final String MACS_OLD = "hmac-md5-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64-etm@openssh.com,"
            + "umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
            + "hmac-ripemd160-etm@openssh.com,hmac-sha1-96-etm@openssh.com,hmac-md5-96-etm@openssh.com,hmac-md5,hmac-sha1,"
            + "umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-ripemd160,hmac-sha1-96,hmac-md5-96";
    /** 7.x to 9.x (KEX_SERVER_ENCRYPT): counter and AEAD modes only. */
    static final String CIPHERS_MODERN = "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
            + "aes128-gcm@openssh.com,aes256-gcm@openssh.com";
    /** Before 6.7 the server still offered CBC modes and RC4 (arcfour) by default. */
    static final String CIPHERS_OLD = "aes128-ctr,aes192-ctr,aes256-ctr,arcfour256,arcfour128,aes128-gcm@openssh.com,"
            + "aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-cbc,3des-cbc,blowfish-cbc,cast128-cbc,"
            + "aes192-cbc,aes256-cbc,arcfour,rijndael-cbc@lysator.liu.se";

    private static final Pattern UPSTREAM = Pattern.compile("^(?:\\d+:)?(\\d+)\\.(\\d+)");

    private SshdDefaults() {
    }

    /** The upstream part of a package version: "1:9.2p1-2+deb12u3" -> "9.2p1", "7.4p1-22.el7_9" -> "7.4p1". */
    static String upstream(String packageVersion) {
        String v = packageVersion.strip();
        int colon = v.indexOf(':');
        if (colon >= 0) {
            v = v.substring(colon + 1);
        }
        int dash = v.indexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }

    /** major * 100 + minor, 0 when the version does not start with digits.digits. */
    static int number(String version) {
        Matcher m = UPSTREAM.matcher(version);
        if (!m.find()) {
            return 0;
        }
        return Integer.parseInt(m.group(1)) * 100 + Math.min(99, Integer.parseInt(m.group(2)));
    }

    /**
     * The defaults for a version (0 = unknown: the modern defaults, which no rule passes on by luck).
     * rpmFamily: Red Hat's openssh before 8.0 (RHEL/CentOS 7, 7.4p1) kept PermitRootLogin's pre-7.0 default "yes"
     * (CIS CentOS Linux 7 Benchmark 5.2.8: "PermitRootLogin ... default yes").
     */
    static Map<String, String> of(int version, boolean rpmFamily) {
        Map<String, String> d = new HashMap<>();
        boolean known = version > 0;
        d.put("permitrootlogin", known && (version < 700 || (rpmFamily && version < 800)) ? "yes" : "prohibit-password");
        d.put("passwordauthentication", "yes");
        d.put("permitemptypasswords", "no");
        d.put("pubkeyauthentication", "yes");
        d.put("hostbasedauthentication", "no");
        d.put("ignorerhosts", "yes");
        d.put("permituserenvironment", "no");
        d.put("x11forwarding", "no");
        d.put("maxauthtries", "6");
        d.put("maxsessions", "10");
        d.put("logingracetime", "120");
        d.put("clientaliveinterval", "0");
        d.put("clientalivecountmax", "3");
        d.put("authenticationmethods", "any");
        d.put("loglevel", "INFO");
        d.put("usepam", "no");
        boolean old = known && version < 607;
        d.put("macs", old ? MACS_OLD : MACS_MODERN);
        d.put("ciphers", old ? CIPHERS_OLD : CIPHERS_MODERN);
        return d;
    }

    /** Keywords whose value is an algorithm list that '+', '-' and '^' modify relative to the default. */
    static boolean algorithmList(String key) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "macs", "ciphers", "kexalgorithms", "hostkeyalgorithms", "pubkeyacceptedalgorithms",
                    "pubkeyacceptedkeytypes", "casignaturealgorithms" -> true;
            default -> false;
        };
    }
}
