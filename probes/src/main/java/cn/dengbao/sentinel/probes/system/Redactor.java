package cn.dengbao.sentinel.probes.system;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides values that look like secrets in command lines before they become evidence. Over-redaction is
 * acceptable; a leaked database password in a findings export is not.
 */
public final class Redactor {
    public static final String MASK = "******";
    /** key=value or key:value where the key names a secret (password, passwd, pwd, token, secret, key...). */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\\b[\\w.-]*(?:password|passwd|pwd|pass|token|secret|apikey|api-key|api_key|access[-_]?key|credentials?)[\\w.-]*\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|\\S+)");
    /** "--password value" / "--token value" as two arguments. */
    private static final Pattern FLAG_SPACE = Pattern.compile(
            "(?i)(--?[\\w-]*(?:password|passwd|pwd|token|secret|api-?key)[\\w-]*\\s+)(?!-)(\"[^\"]*\"|'[^']*'|\\S+)");
    /** mysql-style -pSECRET (password glued to -p). */
    private static final Pattern SHORT_P = Pattern.compile("(?<=\\s|^)(-p)(\\S+)");
    /** user:password@host in URLs. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(\\w+://[^/\\s:@]+:)([^@\\s/]+)(@)");

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String t = URL_CREDENTIALS.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
        t = KEY_VALUE.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        t = FLAG_SPACE.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        t = SHORT_P.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        return t;
    }

    /** Redacts, then truncates to {@code max} characters. */
    public static String redact(String text, int max) {
        String t = redact(text);
        return t.length() <= max ? t : t.substring(0, max) + "…";
    }
}
