package cn.dengbao.sentinel.collector.enroll;

import java.time.Instant;

/** Enrolment tokens by SHA-256; the token itself is never stored. */
public interface TokenStore {

    void create(String tokenSha256, String group, Instant expiresAt, int uses);

    /** Atomically takes one use of a token. */
    Consumption consume(String tokenSha256, Instant now);

    enum Refusal {
        UNKNOWN("unknown enrolment token"),
        EXPIRED("enrolment token has expired"),
        EXHAUSTED("enrolment token has already been used");

        public final String message;

        Refusal(String message) {
            this.message = message;
        }
    }

    /** Either the group the token enrols into, or why it was refused. */
    record Consumption(String group, Refusal refusal) {
        public static Consumption ok(String group) {
            return new Consumption(group == null ? "" : group, null);
        }

        public static Consumption refused(Refusal r) {
            return new Consumption(null, r);
        }

        public boolean accepted() {
            return refusal == null;
        }
    }
}
