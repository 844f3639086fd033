package cn.dengbao.sentinel.collector.ingest;

/**
 * Limits protecting the collector from any one agent. Rates and evaluation CPU are per agent (its certificate),
 * not per stream: a reconnect does not refill them.
 */
public record IngestLimits(int maxMessageBytes, int maxReportsPerMinute, int maxStreams, int ingestThreads,
                           int ingestQueue, int streamWindow, long evalCpuMillisPerMinute, long evalCpuBurstMillis) {
    /** A first full evaluation costs ~5 ms, a repeated one ~0.2 ms: 2 s a minute is far beyond any normal host. */
    public static final long DEFAULT_EVAL_CPU_MILLIS_PER_MINUTE = 2_000;
    public static final long DEFAULT_EVAL_CPU_BURST_MILLIS = 30_000;

    public IngestLimits(int maxMessageBytes, int maxReportsPerMinute, int maxStreams, int ingestThreads,
                        int ingestQueue, int streamWindow) {
        this(maxMessageBytes, maxReportsPerMinute, maxStreams, ingestThreads, ingestQueue, streamWindow,
                DEFAULT_EVAL_CPU_MILLIS_PER_MINUTE, DEFAULT_EVAL_CPU_BURST_MILLIS);
    }

    public static IngestLimits defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new IngestLimits(8 * 1024 * 1024, 30, 20_000, Math.max(4, cores * 2), 2_000, 8);
    }

    /**
     * The transport's message limit: above the report limit, so a report somewhat over it still arrives and is
     * refused with a reason the agent can act on (set it aside) instead of the stream being cut without one.
     */
    public int transportMessageBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 1, maxMessageBytes + (long) maxMessageBytes / 4);
    }
}
