package cn.dengbao.sentinel.collector.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Enrolment tokens, stored only as SHA-256 of the token: a database leak does not leak usable tokens. */
public final class TokenRepository {
    private final Db db;

    TokenRepository(Db db) {
        this.db = db;
    }

    /** Outcome of {@link #consume}: the token's group when accepted, or why it was refused. */
    public record Consumption(boolean accepted, String group, String refusal) {
        static Consumption ok(String group) {
            return new Consumption(true, group, null);
        }

        static Consumption refused(String why) {
            return new Consumption(false, null, why);
        }
    }

    /** A token as listed to operators (never the token itself). */
    public record TokenInfo(String id, String group, Instant expiresAt, int usesLeft, Instant createdAt) {}

    /** Registers a token by its SHA-256 (hex); returns the token's id. */
    public String create(String tokenSha256, String group, Duration ttl, int uses) {
        if (uses < 1) {
            throw new IllegalArgumentException("uses must be at least 1");
        }
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        db.tx("create token", c -> Db.update(c, "INSERT INTO enroll_tokens (id, token_sha256, group_name, "
                + "expires_at, uses_left, created_at) VALUES (?, ?, ?, ?, ?, ?)", id, tokenSha256, group,
                now.plus(ttl).toEpochMilli(), uses, now.toEpochMilli()));
        return id;
    }

    /** Atomically uses the token once. Refusal reasons: unknown, expired, used up. */
    public Consumption consume(String tokenSha256) {
        long now = System.currentTimeMillis();
        return db.tx("consume token", c -> {
            int n = Db.update(c, "UPDATE enroll_tokens SET uses_left = uses_left - 1 WHERE token_sha256 = ? "
                    + "AND uses_left > 0 AND expires_at > ?", tokenSha256, now);
            Optional<Object[]> row = Db.queryOne(c, "SELECT group_name, expires_at, uses_left FROM enroll_tokens "
                    + "WHERE token_sha256 = ?", rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getInt(3)},
                    tokenSha256);
            if (n == 1) {
                return Consumption.ok((String) row.orElseThrow()[0]);
            }
            if (row.isEmpty()) {
                return Consumption.refused("unknown token");
            }
            return (Long) row.get()[1] <= now ? Consumption.refused("token expired")
                    : Consumption.refused("token already used");
        });
    }

    public List<TokenInfo> list() {
        return db.tx("list tokens", c -> Db.query(c, "SELECT id, group_name, expires_at, uses_left, created_at "
                + "FROM enroll_tokens ORDER BY created_at", rs -> new TokenInfo(rs.getString(1), rs.getString(2),
                Db.instant(rs, "expires_at"), rs.getInt(4), Db.instant(rs, "created_at"))));
    }

    public boolean delete(String id) {
        return db.tx("delete token", c -> Db.update(c, "DELETE FROM enroll_tokens WHERE id = ?", id) > 0);
    }
}
