package cn.dengbao.sentinel.collector.ingest;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group commit for agent reports: evaluation stays parallel on the ingest pool, and one writer thread drains the
 * evaluated reports into batches of up to {@code maxBatch}, stores each batch with
 * {@link ReportSink#storeAll} (one durable commit), and only then completes them (the ack). Under load a batch
 * holds whatever arrived while the previous commit was running, so the commit cost is shared without adding a
 * fixed delay when idle. The queue is bounded: when it is full {@link #offer} refuses, and the caller defers the
 * report (the agent keeps it in its spool and resends).
 * <p>
 * With several writers, each agent's reports always go to the same writer (by agent id): recording a scan locks
 * its host's row, and when two writers' batches both held reports of one host, one writer's whole batch waited
 * for the other's commit (measured on PostgreSQL: 1.9 ms lock wait per report, throughput capped).
 */
public final class GroupCommitter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());

    /** How a report ended. */
    public enum Outcome { STORED, DUPLICATE, FAILED }

    private record Item(ReportSink.Pending pending, Consumer<Outcome> done) {
    }

    private final ReportSink sink;
    private final int maxBatch;
    private final List<BlockingQueue<Item>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closing;
    private final java.util.concurrent.atomic.AtomicLong batches = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong batched = new java.util.concurrent.atomic.AtomicLong();

    public GroupCommitter(ReportSink sink, int capacity, int maxBatch) {
        this(sink, capacity, maxBatch, 1);
    }

    /**
     * @param writers threads committing batches concurrently: more than one lets the store's own CPU work
     *                (SQL, index maintenance, page serialisation) use several cores; each still commits batches
     */
    public GroupCommitter(ReportSink sink, int capacity, int maxBatch, int writers) {
        this.sink = sink;
        this.maxBatch = Math.max(1, maxBatch);
        int n = Math.max(1, writers);
        for (int i = 0; i < n; i++) {
            queues.add(new ArrayBlockingQueue<>(Math.max(1, capacity / n)));
        }
        for (int i = 0; i < n; i++) {
            BlockingQueue<Item> queue = queues.get(i);
            Thread t = new Thread(() -> run(queue), "sentinel-group-commit-" + (i + 1));
            t.setDaemon(true);
            t.start();
            this.writers.add(t);
        }
    }

    /**
     * Queues an evaluated report; {@code done} runs on the writer thread after the commit (or the failure).
     *
     * @return false when the queue is full or the committer is closing: nothing was queued, defer the report
     */
    public boolean offer(ReportSink.Pending pending, Consumer<Outcome> done) {
        BlockingQueue<Item> queue = queues.get(Math.floorMod(pending.agentId().hashCode(), queues.size()));
        return !closing && queue.offer(new Item(pending, done));
    }

    /** Commits made so far (batches, including failed ones). */
    public long batches() {
        return batches.get();
    }

    /** Reports handed to those commits. */
    public long batchedReports() {
        return batched.get();
    }

    public int queued() {
        return queues.stream().mapToInt(BlockingQueue::size).sum();
    }

    private void run(BlockingQueue<Item> queue) {
        List<Item> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Item first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                // never let the writer die: the reports of this batch fail (deferred), later ones still commit
                LOG.log(Level.ERROR, "group commit failed unexpectedly: {0}", e.toString());
                for (Item i : batch) {
                    complete(i, Outcome.FAILED);
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Item> batch) {
        batches.incrementAndGet();
        batched.addAndGet(batch.size());
        List<ReportSink.Pending> pending = new ArrayList<>(batch.size());
        for (Item i : batch) {
            pending.add(i.pending());
        }
        List<Boolean> isNew;
        try {
            isNew = sink.storeAll(pending);
        } catch (Exception e) {
            if (batch.size() > 1) {
                LOG.log(Level.WARNING, "batch of {0} reports failed ({1}); storing them one by one", batch.size(),
                        e.toString());
            }
            storeOneByOne(batch, e);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), isNew.get(i) ? Outcome.STORED : Outcome.DUPLICATE);
        }
    }

    /** The batch rolled back: retry each report alone so one bad report (or a lost race) defers only itself. */
    private void storeOneByOne(List<Item> batch, Exception batchError) {
        for (Item i : batch) {
            ReportSink.Pending p = i.pending();
            Outcome o;
            try {
                if (batch.size() == 1) {
                    throw batchError;
                }
                o = sink.store(p.agentId(), p.report(), p.evaluation()) ? Outcome.STORED : Outcome.DUPLICATE;
            } catch (Exception e) {
                LOG.log(Level.ERROR, "storing report {0} of agent {1} failed: {2}", p.report().getReportId(),
                        p.agentId(), e.toString());
                o = Outcome.FAILED;
            }
            complete(i, o);
        }
    }

    private static void complete(Item i, Outcome o) {
        try {
            i.done().accept(o);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ack after commit failed: {0}", e.toString());
        }
    }

    /** Stops taking reports and commits (and acks) those already queued. */
    @Override
    public void close() {
        closing = true;
        try {
            for (Thread t : writers) {
                t.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
