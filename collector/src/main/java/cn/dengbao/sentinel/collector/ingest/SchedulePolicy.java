package cn.dengbao.sentinel.collector.ingest;

import cn.dengbao.sentinel.proto.Schedule;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Report schedule per group (default daily). Each agent gets a fixed phase inside the interval derived from a hash
 * of its id, so 5 000 agents are spread evenly over the day instead of all reporting at midnight; on top of that
 * the agent adds a random share of {@code jitter} (at least 10 % of the interval).
 */
public final class SchedulePolicy {
    public static final long DEFAULT_INTERVAL_SECONDS = 86_400;
    public static final double MIN_JITTER_SHARE = 0.10;

    private final long defaultIntervalSeconds;
    private final Map<String, Long> perGroupSeconds;
    private final double jitterShare;

    public SchedulePolicy(long defaultIntervalSeconds, Map<String, Long> perGroupSeconds, double jitterShare) {
        if (defaultIntervalSeconds < 60) {
            throw new IllegalArgumentException("schedule interval must be at least 60 s");
        }
        perGroupSeconds.forEach((g, s) -> {
            if (s < 60) {
                throw new IllegalArgumentException("schedule interval of group " + g + " must be at least 60 s");
            }
        });
        this.defaultIntervalSeconds = defaultIntervalSeconds;
        this.perGroupSeconds = Map.copyOf(perGroupSeconds);
        this.jitterShare = Math.max(MIN_JITTER_SHARE, jitterShare);
    }

    public static SchedulePolicy daily() {
        return new SchedulePolicy(DEFAULT_INTERVAL_SECONDS, Map.of(), MIN_JITTER_SHARE);
    }

    public long intervalSeconds(String group) {
        return perGroupSeconds.getOrDefault(group == null ? "" : group, defaultIntervalSeconds);
    }

    public Schedule forAgent(String agentId, String group, long nowMs) {
        long interval = intervalSeconds(group);
        long intervalMs = interval * 1000L;
        long phaseMs = phase(agentId) % intervalMs;
        long base = nowMs - Math.floorMod(nowMs, intervalMs) + phaseMs;
        long next = base > nowMs ? base : base + intervalMs;
        return Schedule.newBuilder()
                .setIntervalSeconds(interval)
                .setJitterSeconds(Math.max(1, (long) Math.ceil(interval * jitterShare)))
                .setNextDueEpochMs(next)
                .build();
    }

    private static long phase(String agentId) {
        CRC32 crc = new CRC32();
        crc.update(agentId.getBytes(StandardCharsets.UTF_8));
        long h = crc.getValue();
        h ^= (h << 21) ^ (h >>> 7) * 0x9E3779B97F4A7C15L;
        return h & Long.MAX_VALUE;
    }
}
