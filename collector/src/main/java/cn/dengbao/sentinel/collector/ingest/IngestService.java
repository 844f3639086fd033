package cn.dengbao.sentinel.collector.ingest;

import cn.dengbao.sentinel.collector.enroll.AgentRegistry;
import cn.dengbao.sentinel.collector.enroll.PeerContext;
import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.proto.Ack;
import cn.dengbao.sentinel.proto.AgentMessage;
import cn.dengbao.sentinel.proto.AgentServiceGrpc;
import cn.dengbao.sentinel.proto.CollectorMessage;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.FactReport;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Hello;
import cn.dengbao.sentinel.proto.ScanRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The collector end of the agent stream. The agent id comes from the verified client certificate (never from
 * Hello). Reports are validated, then evaluated on a bounded executor, then stored by the {@link GroupCommitter}
 * (many reports per durable commit) and acked only after that commit. Each stream reads at most {@code streamWindow} messages ahead (manual flow control), so one agent
 * cannot flood memory and a slow store does not block other agents' network threads. No lock is shared between
 * streams.
 */
public final class IngestService extends AgentServiceGrpc.AgentServiceImplBase {
    private static final System.Logger LOG = System.getLogger(IngestService.class.getName());

    private final AgentRegistry agents;
    private final ReportSink sink;
    private final Evaluator evaluator;
    private final SchedulePolicy schedules;
    private final AgentSessions sessions;
    private final IngestLimits limits;
    private final ExecutorService ingestPool;
    private final GroupCommitter committer;
    private final ReportValidator validator;
    private final Clock clock;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, Long> spoolDropped = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Long> deadLetters = new java.util.concurrent.ConcurrentHashMap<>();
    private final AgentBudgets budgets;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public IngestService(AgentRegistry agents, ReportSink sink, Evaluator evaluator, SchedulePolicy schedules,
                         AgentSessions sessions, IngestLimits limits, ExecutorService ingestPool, Clock clock) {
        this(agents, sink, evaluator, schedules, sessions, limits, ingestPool, new GroupCommitter(sink,
                limits.ingestQueue(), DEFAULT_BATCH, DEFAULT_WRITERS), clock);
    }

    /** Reports per group commit: large enough to share a commit widely, small enough to keep acks prompt. */
    public static final int DEFAULT_BATCH = 64;
    /** Concurrent group-commit writers: the store work of one report costs about as much CPU as evaluating it. */
    public static final int DEFAULT_WRITERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    public IngestService(AgentRegistry agents, ReportSink sink, Evaluator evaluator, SchedulePolicy schedules,
                         AgentSessions sessions, IngestLimits limits, ExecutorService ingestPool,
                         GroupCommitter committer, Clock clock) {
        this.agents = agents;
        this.sink = sink;
        this.evaluator = evaluator;
        this.schedules = schedules;
        this.sessions = sessions;
        this.limits = limits;
        this.ingestPool = ingestPool;
        this.committer = committer;
        this.validator = new ReportValidator(limits.maxMessageBytes());
        this.clock = clock;
        this.budgets = new AgentBudgets(limits.maxReportsPerMinute(), limits.evalCpuMillisPerMinute(),
                limits.evalCpuBurstMillis());
    }

    public long storedCount() {
        return stored.get();
    }

    public long duplicateCount() {
        return duplicates.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }

    public long deferredCount() {
        return deferred.get();
    }

    /** Reports agents said they set aside for good (dead letters), per agent, since this collector started. */
    public long deadLettersOf(String agentId) {
        return deadLetters.getOrDefault(agentId, 0L);
    }

    /** Reports agents said they dropped from a full spool, per agent, since this collector started. */
    public long spoolDroppedBy(String agentId) {
        return spoolDropped.getOrDefault(agentId, 0L);
    }

    /** Commits (and acks) the reports already evaluated; called on shutdown after the ingest pool drained. */
    public void flush() {
        committer.close();
    }

    public GroupCommitter committer() {
        return committer;
    }

    public int openStreams() {
        return openStreams.get();
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<CollectorMessage> responseObserver) {
        ServerCallStreamObserver<CollectorMessage> out = (ServerCallStreamObserver<CollectorMessage>) responseObserver;
        String agentId = PeerContext.AGENT_ID.get();
        String certSha = PeerContext.CERT_SHA256.get();
        if (agentId == null || certSha == null) {
            out.onError(Status.UNAUTHENTICATED.withDescription("client certificate required").asRuntimeException());
            return new Discard();
        }
        Optional<AgentRecord> rec;
        try {
            rec = agents.find(agentId);
            if (rec.isEmpty() || !agents.isActive(agentId, certSha)) {
                LOG.log(Level.WARNING, "refused stream from agent {0}: revoked, unknown or superseded certificate", agentId);
                out.onError(Status.PERMISSION_DENIED.withDescription("agent revoked or certificate not recognised")
                        .asRuntimeException());
                return new Discard();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "agent registry unavailable: {0}", e.toString());
            out.onError(Status.UNAVAILABLE.withDescription("collector store unavailable").asRuntimeException());
            return new Discard();
        }
        if (openStreams.incrementAndGet() > limits.maxStreams()) {
            openStreams.decrementAndGet();
            // UNAVAILABLE, not RESOURCE_EXHAUSTED: agents read RESOURCE_EXHAUSTED as "the report in flight is too large"
            out.onError(Status.UNAVAILABLE.withDescription("collector at its stream limit; retry later").asRuntimeException());
            return new Discard();
        }
        AgentStream s = new AgentStream(agentId, certSha, rec.get().group(), out);
        out.disableAutoRequest();
        out.setOnCancelHandler(s::closed);
        sessions.add(s);
        out.request(limits.streamWindow());
        return s;
    }

    /** Per-agent stream state. All sends go through {@link #send} (a per-stream lock, not a global one). */
    final class AgentStream implements StreamObserver<AgentMessage> {
        private final String agentId;
        private final String certSha256;
        private final String group;
        private final ServerCallStreamObserver<CollectorMessage> out;
        private boolean done;
        private final java.util.concurrent.atomic.AtomicBoolean unregistered = new java.util.concurrent.atomic.AtomicBoolean();

        AgentStream(String agentId, String certSha256, String group, ServerCallStreamObserver<CollectorMessage> out) {
            this.agentId = agentId;
            this.certSha256 = certSha256;
            this.group = group == null ? "" : group;
            this.out = out;
        }

        String agentId() {
            return agentId;
        }

        String group() {
            return group;
        }

        String certSha256() {
            return certSha256;
        }

        @Override
        public void onNext(AgentMessage m) {
            switch (m.getBodyCase()) {
                case HELLO -> {
                    onHello(m.getHello());
                    out.request(1);
                }
                case HEARTBEAT -> {
                    touch(null, null);
                    out.request(1);
                }
                case REPORT -> onReport(m.getReport());
                default -> out.request(1);
            }
        }

        private void onHello(Hello h) {
            // The id in Hello is informational; the certificate decides who this is.
            if (!h.getAgentId().isEmpty() && !h.getAgentId().equals(agentId)) {
                LOG.log(Level.WARNING, "agent {0} sent Hello claiming id {1}; using the certificate id", agentId,
                        PlainText.clean(h.getAgentId(), 64));
            }
            if (h.getSpoolDropped() > 0) {
                spoolDropped.merge(agentId, h.getSpoolDropped(), Long::sum);
                LOG.log(Level.WARNING, "agent {0} dropped {1} report(s) from its full spool ({2} pending)", agentId,
                        h.getSpoolDropped(), h.getSpoolPending());
            }
            if (h.getDeadLetters() > 0) {
                deadLetters.merge(agentId, h.getDeadLetters(), Long::sum);
                LOG.log(Level.WARNING, "agent {0} set aside {1} report(s) it will not resend; last reason: {2}", agentId,
                        h.getDeadLetters(), PlainText.clean(h.getLastDeadLetterReason(), 300));
            }
            touch(PlainText.clean(h.getAgentVersion(), 64), PlainText.clean(h.getHostname(), 253));
            send(CollectorMessage.newBuilder().setSchedule(schedules.forAgent(agentId, group, clock.millis())).build());
        }

        private void touch(String version, String hostname) {
            try {
                agents.touch(agentId, clock.instant(), version, hostname);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot record last-seen of {0}: {1}", agentId, e.toString());
            }
        }

        private void onReport(FactReport r) {
            long now = clock.millis();
            Optional<String> problem = validator.problem(r, now);
            if (problem.isPresent()) {
                rejected.incrementAndGet();
                LOG.log(Level.WARNING, "rejected report from agent {0}: {1}", agentId, problem.get());
                ack(r.getReportId(), false, problem.get());
                return;
            }
            if (!budgets.tryReport(agentId, now) || !budgets.mayEvaluate(agentId, now)) {
                deferred.incrementAndGet();
                ack(r.getReportId(), false, "");
                return;
            }
            try {
                ingestPool.execute(() -> ingest(r));
            } catch (RejectedExecutionException busy) {
                deferred.incrementAndGet();
                ack(r.getReportId(), false, "");
            }
        }

        private void ingest(FactReport r) {
            try {
                // No "already stored?" query first: that was a store round trip for every report to save an
                // evaluation on the rare resend. The group commit is idempotent per report id and reports a
                // resend as DUPLICATE (acked as stored), so a resend costs one evaluation instead.
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                Evaluation ev = evaluator.evaluate(agentId, r.getFacts());
                if (cpuStart >= 0) {
                    budgets.chargeEvaluation(agentId, (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6, clock.millis());
                }
                boolean queued = committer.offer(new ReportSink.Pending(agentId, r, ev), outcome -> {
                    switch (outcome) {
                        case STORED -> stored.incrementAndGet();
                        case DUPLICATE -> duplicates.incrementAndGet();
                        case FAILED -> deferred.incrementAndGet();
                    }
                    ack(r.getReportId(), outcome != GroupCommitter.Outcome.FAILED, "");
                });
                if (!queued) {
                    // the writer is behind: back-pressure, the agent keeps the report in its spool and resends
                    deferred.incrementAndGet();
                    ack(r.getReportId(), false, "");
                }
            } catch (Exception e) {
                // Not the agent's fault: keep it in its spool and let it resend later.
                deferred.incrementAndGet();
                LOG.log(Level.ERROR, "storing report {0} of agent {1} failed: {2}", r.getReportId(), agentId, e.toString());
                ack(r.getReportId(), false, "");
            }
        }

        /** Acks a report and lets the agent send one more. */
        private void ack(String reportId, boolean ok, String error) {
            send(CollectorMessage.newBuilder().setAck(Ack.newBuilder()
                    .setReportId(reportId.length() > 128 ? reportId.substring(0, 128) : reportId)
                    .setStored(ok).setError(error)).build());
            synchronized (this) {
                if (!done) {
                    out.request(1);
                }
            }
        }

        boolean sendScan(String requestId, Collection<FactSection> sections) {
            return send(CollectorMessage.newBuilder().setScan(ScanRequest.newBuilder()
                    .setRequestId(requestId).addAllSections(sections)).build());
        }

        synchronized boolean send(CollectorMessage m) {
            if (done || out.isCancelled()) {
                return false;
            }
            try {
                out.onNext(m);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        synchronized void closeWith(Status status) {
            if (!done) {
                done = true;
                try {
                    out.onError(status.asRuntimeException());
                } catch (RuntimeException e) {
                    // already cancelled
                }
            }
            closed();
        }

        void closeReplaced() {
            closeWith(Status.ABORTED.withDescription("replaced by a newer connection of the same agent"));
        }

        @Override
        public void onError(Throwable t) {
            synchronized (this) {
                done = true;
            }
            closed();
        }

        @Override
        public void onCompleted() {
            synchronized (this) {
                if (!done) {
                    done = true;
                    try {
                        out.onCompleted();
                    } catch (RuntimeException e) {
                        // already closed
                    }
                }
            }
            closed();
        }

        void closed() {
            if (unregistered.compareAndSet(false, true)) {
                sessions.remove(this);
                openStreams.decrementAndGet();
            }
        }
    }

    /** Listener for streams refused before they started. */
    private static final class Discard implements StreamObserver<AgentMessage> {
        @Override
        public void onNext(AgentMessage value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
