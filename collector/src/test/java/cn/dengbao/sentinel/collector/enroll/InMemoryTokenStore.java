package cn.dengbao.sentinel.collector.enroll;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Token store for tests and the benchmark. */
public final class InMemoryTokenStore implements TokenStore {
    private record Token(String group, Instant expiresAt, int usesLeft) {
    }

    private final Map<String, Token> tokens = new HashMap<>();

    @Override
    public synchronized void create(String tokenSha256, String group, Instant expiresAt, int uses) {
        tokens.put(tokenSha256, new Token(group, expiresAt, uses));
    }

    @Override
    public synchronized Consumption consume(String tokenSha256, Instant now) {
        Token t = tokens.get(tokenSha256);
        if (t == null) {
            return Consumption.refused(Refusal.UNKNOWN);
        }
        if (!now.isBefore(t.expiresAt())) {
            return Consumption.refused(Refusal.EXPIRED);
        }
        if (t.usesLeft() <= 0) {
            return Consumption.refused(Refusal.EXHAUSTED);
        }
        tokens.put(tokenSha256, new Token(t.group(), t.expiresAt(), t.usesLeft() - 1));
        return Consumption.ok(t.group());
    }
}
