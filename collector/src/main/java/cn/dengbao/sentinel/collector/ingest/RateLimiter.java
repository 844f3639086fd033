package cn.dengbao.sentinel.collector.ingest;

/**
 * Token bucket of one agent's reports (kept per agent by {@link AgentBudgets}, so reconnecting does not refill it;
 * not shared between agents: no contention). Allows bursts of {@code perMinute} (a reconnecting agent with a spool
 * backlog) and refills at perMinute/60 per second.
 */
public final class RateLimiter {
    private final double capacity;
    private final double refillPerMs;
    private double tokens;
    private long lastMs;

    public RateLimiter(int perMinute, long nowMs) {
        this.capacity = perMinute;
        this.refillPerMs = perMinute / 60_000.0;
        this.tokens = perMinute;
        this.lastMs = nowMs;
    }

    public synchronized boolean tryAcquire(long nowMs) {
        tokens = Math.min(capacity, tokens + Math.max(0, nowMs - lastMs) * refillPerMs);
        lastMs = nowMs;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
