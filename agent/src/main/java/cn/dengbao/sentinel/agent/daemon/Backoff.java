package cn.dengbao.sentinel.agent.daemon;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (sleep a uniform random time in [0, min(cap, base·2^attempt)]): after a
 * collector outage thousands of agents come back spread out instead of in one wave.
 */
public final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), RandomGenerator.getDefault());
    }

    /** The delay before the next attempt; grows until {@link #reset()}. */
    public synchronized long nextDelayMillis() {
        long ceiling = attempt >= 30 ? capMillis : Math.min(capMillis, baseMillis << attempt);
        attempt++;
        return ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
    }

    /** Upper bound of the next delay (for tests and logs). */
    public synchronized long currentCeilingMillis() {
        return attempt >= 30 ? capMillis : Math.min(capMillis, baseMillis << attempt);
    }

    public synchronized void reset() {
        attempt = 0;
    }
}
