package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.checks.engine.ClauseRollup;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.VulnStreamStatus;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Adds the vulnerability findings to an engine evaluation, on the collector, where the feeds are: the host's stream
 * is matched against the imported records and 8.1.4.4e is rolled up again with {@link ClauseRollup} (the only
 * roll-up). Findings then take the same path as every rule's (store lifecycle, KPIs, exports, major hazards).
 * Before the first bundle is imported every host is "not evaluated" (MANUAL, with the reason), and the end-of-life
 * finding, which needs no feed, is judged all the same.
 * One instance is shared by every ingest thread: the list of streams is read again every {@link #REFRESH_MILLIS},
 * and a stream's index is built once per imported bundle.
 */
public final class VulnAssessor {
    static final long REFRESH_MILLIS = 30_000;

    private final Store store;
    private final Duration maxAge;
    private final LongSupplier clock;
    private volatile Map<String, VulnStreamStatus> streams;
    private volatile long loadedAt = Long.MIN_VALUE;
    private final Map<String, StreamIndex> indexes = new ConcurrentHashMap<>();
    private final Map<String, Long> indexBundle = new ConcurrentHashMap<>();

    public VulnAssessor(Store store, Duration maxAge, LongSupplier clock) {
        this.store = store;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public VulnAssessor(Store store) {
        this(store, FeedCoverage.DEFAULT_MAX_AGE, System::currentTimeMillis);
    }

    public Evaluation apply(Evaluation ev, Facts facts, Map<String, String> attrs) {
        // no bundle imported yet is "no data" for every stream: not evaluated, said in the findings, never silence
        // (the rules alone would let "no pending updates" read as 符合 on a host without a mirror or past its EOL)
        Map<String, VulnStreamStatus> s = streams();
        Instant now = Instant.ofEpochMilli(clock.getAsLong());
        Optional<String> stream = VulnFindings.streamOf(facts);
        VulnStreamStatus data = stream.map(s::get).orElse(null);
        FeedCoverage.State state = FeedCoverage.state(data, now, maxAge);
        StreamIndex index = state == FeedCoverage.State.CURRENT ? index(data) : null;
        List<Finding> added = VulnFindings.findings(facts, new VulnFindings.Feed(stream, state, data, index, maxAge),
                attrs, now);
        return merge(ev, added);
    }

    /** The evaluation with {@code added} findings and their clause rolled up again over all of its findings. */
    static Evaluation merge(Evaluation ev, List<Finding> added) {
        Evaluation.Builder b = ev.toBuilder().addAllFindings(added);
        List<Status> statuses = new ArrayList<>();
        for (Finding f : b.getFindingsList()) {
            if (f.getClause().equals(VulnFindings.CLAUSE)) {
                statuses.add(f.getStatus());
            }
        }
        Status rolled = ClauseRollup.rollUp(statuses);
        boolean found = false;
        for (int i = 0; i < b.getClausesCount(); i++) {
            ClauseResult c = b.getClauses(i);
            if (c.getClause().equals(VulnFindings.CLAUSE)) {
                b.setClauses(i, c.toBuilder().setStatus(rolled));
                found = true;
            }
        }
        if (!found) {
            b.addClauses(ClauseResult.newBuilder().setClause(VulnFindings.CLAUSE).setTitle(VulnFindings.CLAUSE)
                    .setStatus(rolled));
        }
        return b.build();
    }

    private Map<String, VulnStreamStatus> streams() {
        long now = clock.getAsLong();
        if (streams == null || now - loadedAt > REFRESH_MILLIS || now < loadedAt) {
            Map<String, VulnStreamStatus> m = new java.util.HashMap<>();
            store.vulnFeeds().streams().forEach(x -> m.put(x.stream(), x));
            streams = m;
            loadedAt = now;
        }
        return streams;
    }

    private StreamIndex index(VulnStreamStatus data) {
        Long built = indexBundle.get(data.stream());
        StreamIndex idx = indexes.get(data.stream());
        if (idx == null || built == null || built != data.bundleId()) {
            synchronized (this) {
                // checked again: the ingest threads that found it missing together build it once
                built = indexBundle.get(data.stream());
                idx = indexes.get(data.stream());
                if (idx == null || built == null || built != data.bundleId()) {
                    idx = new StreamIndex(data.stream(), store.vulnFeeds().records(data.stream()));
                    indexes.put(data.stream(), idx);
                    indexBundle.put(data.stream(), data.bundleId());
                }
            }
        }
        return idx;
    }
}
