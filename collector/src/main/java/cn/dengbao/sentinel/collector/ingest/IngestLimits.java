package cn.dengbao.sentinel.collector.ingest;

/** Limits protecting the collector from any one agent. */
public record IngestLimits(int maxMessageBytes, int maxReportsPerMinute, int maxStreams, int ingestThreads,
                           int ingestQueue, int streamWindow) {
    public static IngestLimits defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new IngestLimits(8 * 1024 * 1024, 30, 20_000, Math.max(4, cores * 2), 2_000, 8);
    }
}
