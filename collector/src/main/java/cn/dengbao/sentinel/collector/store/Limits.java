package cn.dengbao.sentinel.collector.store;

/**
 * Column limits applied before writing, so that one over-long value sent by an agent (a trigger, a message)
 * cannot make a whole report fail on a database error: text is cut to them by {@code PlainText.clip}, which never
 * splits a surrogate pair. Identifiers are refused with a clear message instead of being cut, because a cut
 * identifier would silently merge two different things.
 */
final class Limits {
    static final int REPORT_ID = 128;
    static final int RULE_ID = 128;
    static final int TRIGGER = 32;
    static final int CLAUSE = 32;
    static final int TITLE = 512;
    static final int PROFILE = 64;
    static final int TEXT = 100_000;

    private Limits() {}


    static String id(String what, String s, int max) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (s.length() > max) {
            throw new IllegalArgumentException(what + " is longer than " + max + " characters");
        }
        return s;
    }
}
