package cn.dengbao.sentinel.agent.daemon;

import cn.dengbao.sentinel.probes.FactSource;
import cn.dengbao.sentinel.probes.HostBasics;

import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.pki.TlsChannels;
import cn.dengbao.sentinel.pki.TlsFailures;
import cn.dengbao.sentinel.agent.spool.Spool;
import cn.dengbao.sentinel.proto.Ack;
import cn.dengbao.sentinel.proto.AgentMessage;
import cn.dengbao.sentinel.proto.AgentServiceGrpc;
import cn.dengbao.sentinel.proto.CollectorMessage;
import cn.dengbao.sentinel.proto.FactReport;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Heartbeat;
import cn.dengbao.sentinel.proto.Hello;
import cn.dengbao.sentinel.proto.ScanRequest;
import cn.dengbao.sentinel.proto.Schedule;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's long-lived connection to the collector. All state lives on one thread ({@link #loop}); gRPC callbacks
 * only post to it, so there are no locks and the agent stays small. Every report goes to the {@link Spool} first
 * and leaves it only on an Ack with stored=true; reports are sent with a small window of unacknowledged ones, so
 * a large backlog after an outage is not loaded into memory at once.
 * <p>With several collectors on one database ({@link AgentConfig#addresses}) the agent holds one stream to one of
 * them and, when that stream breaks, moves to the next address after the same jittered backoff, so the agents of
 * a collector that died spread over the others instead of arriving in one wave. Reports unacknowledged on the
 * broken stream stay in the spool and are sent again on the new one; the collectors store each report id once
 * (a unique key in the shared database), so a report stored just before the break is acknowledged, not stored twice.
 */
public final class AgentDaemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentDaemon.class.getName());
    /** Once a collection is spooled and acknowledged, its garbage is collected after this delay (see {@link #trimSoon}). */
    static final long TRIM_DELAY_MILLIS = 2_000;
    /** A report the collector could not take right now (busy, rate limit) is retried after this delay. */
    static final long RETRY_LATER_MILLIS = 20_000;
    /**
     * A report that is the only one in flight when the stream breaks, this many times in a row with no ack in
     * between, is set aside: the collector's transport drops messages over its size limit by closing the stream,
     * and resending the same bytes forever would hold every newer report behind it.
     */
    static final int MAX_STREAM_KILLS = 3;

    private final AgentConfig config;
    private final AgentIdentity identity;
    private final FactSource source;
    private final Spool spool;
    private final Backoff backoff;
    private final String version;
    private final String hostname;
    private final String osPretty;
    private final ScheduledExecutorService loop;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong schedulesReceived = new AtomicLong();

    /** One channel per collector address (connecting lazily), in the order of {@link AgentConfig#addresses}. */
    private final List<String> addresses;
    private final ManagedChannel[] channels;
    /** Index of the address the current (or next) stream uses; loop thread only. */
    private int current;
    private volatile String connectedTo;
    private Session session;
    private volatile boolean running;
    private volatile Schedule schedule;
    private ScheduledFuture<?> nextReport;
    private ScheduledFuture<?> pendingTrim;
    private long plannedDueMillis;
    private final Map<String, Long> deferredUntil = new HashMap<>();
    /** Streams that broke while only this report was in flight, with no ack since. */
    private final Map<String, Integer> streamKills = new HashMap<>();
    /** After a stream broke with reports in flight and no ack: send one at a time until an ack, to find the culprit. */
    private boolean careful;
    private final AtomicLong setAside = new AtomicLong();

    public AgentDaemon(AgentConfig config, AgentIdentity identity, FactSource source, Spool spool, Backoff backoff,
                       String version) {
        this.config = config;
        this.identity = identity;
        this.source = source;
        this.spool = spool;
        this.backoff = backoff;
        this.version = version;
        this.addresses = config.addresses();
        this.channels = new ManagedChannel[addresses.size()];
        this.hostname = HostBasics.hostname();
        this.osPretty = HostBasics.osPrettyName();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sentinel-agent-" + identity.agentId());
            t.setDaemon(true);
            return t;
        });
    }

    private volatile String lastConnectFailure;

    public void start() throws IOException, GeneralSecurityException {
        for (int i = 0; i < channels.length; i++) {
            channels[i] = TlsChannels.mutualDirect(addresses.get(i), identity);
        }
        running = true;
        loop.execute(() -> {
            if (config.reportOnStart) {
                collectAndSpool("start", Set.of());
            }
            connect();
        });
        loop.execute(() -> planNext(System.currentTimeMillis() + config.defaultIntervalSeconds * 1000L,
                config.defaultIntervalSeconds / 10));
        loop.scheduleAtFixedRate(this::heartbeat, config.heartbeatSeconds, config.heartbeatSeconds, TimeUnit.SECONDS);
    }

    /** Requests a report now (as if scheduled); used by tests and the demo. */
    public void reportNow(String trigger) {
        loop.execute(() -> collectAndSpool(trigger, Set.of()));
    }

    public long acked() {
        return acked.get();
    }

    /** The collector address of the stream open now (its Hello answered), null while none is. */
    public String connectedTo() {
        return connectedTo;
    }

    /** Why the last connection attempt failed at the transport (TLS, TCP), in one line; null: none failed so. */
    public String lastConnectFailure() {
        return lastConnectFailure;
    }

    public long rejected() {
        return rejected.get();
    }

    /** Reports set aside as dead letters so far (too large, refused, or breaking the stream). */
    public long setAside() {
        return setAside.get();
    }

    /** Streams opened so far (reconnects included). */
    public long sessions() {
        return sessions.get();
    }

    public long schedulesReceived() {
        return schedulesReceived.get();
    }

    public Optional<Schedule> schedule() {
        return Optional.ofNullable(schedule);
    }

    public Spool spool() {
        return spool;
    }

    // ------------------------------------------------------------------ stream lifecycle (loop thread only)

    private void connect() {
        if (!running) {
            return;
        }
        Session s = new Session();
        session = s;
        sessions.incrementAndGet();
        s.address = addresses.get(current);
        s.out = AgentServiceGrpc.newStub(channels[current]).connect(s);
        s.helloDropped = spool.dropped();
        s.helloDeadLetters = spool.deadLetters().unreported();
        s.out.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder()
                .setAgentId(identity.agentId())
                .setAgentVersion(version)
                .setHostname(hostname)
                .setOsPrettyName(osPretty)
                .setSpoolDropped(s.helloDropped)
                .setSpoolPending(spool.size())
                .setDeadLetters(s.helloDeadLetters)
                .setLastDeadLetterReason(s.helloDeadLetters > 0 ? spool.deadLetters().lastReason() : "")).build());
        if (s.helloDropped > 0) {
            LOG.log(Level.WARNING, "telling the collector that {0} spooled report(s) were dropped", s.helloDropped);
        }
        pump();
    }

    private void onMessage(Session s, CollectorMessage m) {
        if (s != session) {
            return;
        }
        switch (m.getBodyCase()) {
            case SCHEDULE -> onSchedule(s, m.getSchedule());
            case ACK -> onAck(s, m.getAck());
            case SCAN -> onScan(m.getScan());
            default -> LOG.log(Level.DEBUG, "ignoring empty collector message");
        }
    }

    private void onSchedule(Session s, Schedule sch) {
        schedulesReceived.incrementAndGet();
        connectedTo = s.address;
        // The collector answered our Hello and has seen the drop counts. That alone does not prove the stream
        // works: a report it cannot take may still break it. Only an ack (or nothing left to send) resets backoff.
        if (spool.size() == 0) {
            backoff.reset();
        }
        if (!s.helloAcknowledged) {
            s.helloAcknowledged = true;
            try {
                spool.droppedReported(s.helloDropped);
                spool.deadLetters().reported(s.helloDeadLetters);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot update spool drop counter: {0}", e.getMessage());
            }
        }
        if (sch.getIntervalSeconds() < 60) {
            LOG.log(Level.WARNING, "ignoring schedule with interval under 60 s");
            return;
        }
        schedule = sch;
        long due = sch.getNextDueEpochMs() > 0 ? sch.getNextDueEpochMs()
                : System.currentTimeMillis() + sch.getIntervalSeconds() * 1000L;
        planNext(due, sch.getJitterSeconds());
    }

    private void onAck(Session s, Ack ack) {
        String id = ack.getReportId();
        s.inflight.remove(id);
        s.acks++;
        // the collector is taking reports: the stream works
        backoff.reset();
        careful = false;
        streamKills.clear();
        if (ack.getStored()) {
            if (spool.remove(id)) {
                acked.incrementAndGet();
                LOG.log(Level.INFO, "report {0} stored by the collector ({1} pending)", id, spool.size());
            }
        } else if (!ack.getError().isEmpty()) {
            // Rejected as invalid: resending the same bytes cannot succeed. Set it aside with the reason.
            LOG.log(Level.WARNING, "collector rejected report {0}: {1}", id, ack.getError());
            if (setAside(id, "采集端拒收（rejected by the collector）：" + ack.getError())) {
                rejected.incrementAndGet();
            }
        } else {
            deferredUntil.put(id, System.currentTimeMillis() + RETRY_LATER_MILLIS);
            loop.schedule(this::pump, RETRY_LATER_MILLIS, TimeUnit.MILLISECONDS);
        }
        pump();
        if (s.inflight.isEmpty()) {
            trimSoon();
        }
    }

    private void onScan(ScanRequest req) {
        Set<FactSection> sections = EnumSet.noneOf(FactSection.class);
        for (FactSection f : req.getSectionsList()) {
            if (f != FactSection.UNRECOGNIZED && f != FactSection.FACT_SECTION_UNSPECIFIED) {
                sections.add(f);
            }
        }
        LOG.log(Level.INFO, "collector requested a scan ({0})", sections.isEmpty() ? "all sections" : sections);
        collectAndSpool("scan_now", sections);
    }

    private void onClosed(Session s, Throwable error) {
        if (s != session) {
            return;
        }
        session = null;
        connectedTo = null;
        if (!running) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        if (channels.length > 1) {
            // the next collector sharing the database; the jittered delay spreads a dead collector's agents
            current = (current + 1) % channels.length;
        }
        Status st = error == null ? Status.OK : Status.fromThrowable(error);
        if (error != null && !s.inflight.isEmpty()) {
            suspect(s, st, error);
        }
        if (st.getCode() == Status.Code.UNAVAILABLE && error != null && error.getCause() != null) {
            // gRPC says "io exception" and Netty adds a pipeline dump: say in one line why TLS or TCP failed
            String why = TlsFailures.reason(error);
            lastConnectFailure = why;
            LOG.log(Level.WARNING, "无法连接采集端 (cannot connect to the collector at {0}): {1}; reconnecting in {2} ms",
                    s.address, why, delay);
        } else {
            LOG.log(Level.INFO, "stream to collector {0} closed ({1}{2}); reconnecting to {3} in {4} ms", s.address,
                    st.getCode(), st.getDescription() == null ? "" : ": " + st.getDescription(),
                    addresses.get(current), delay);
        }
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * The stream broke with reports in flight, after the collector had answered Hello, and no ack in this session. With one report in flight it is the
     * suspect: counted, and set aside at {@link #MAX_STREAM_KILLS}. With several, the next streams send one at a
     * time until an ack, so the culprit is found without setting aside the innocent ones.
     */
    private void suspect(Session s, Status st, Throwable error) {
        // only a stream the collector accepted and then cut while reading reports: it answered Hello, or its
        // transport refused a message as too large — seen by the agent as RESOURCE_EXHAUSTED or, when the server
        // resets the stream first, CANCELLED, possibly before Hello was answered, or UNAVAILABLE with the socket
        // broken under a write. A collector that is down, refuses the certificate or is at its stream limit
        // (UNAVAILABLE with the connection refused or TLS failing, PERMISSION_DENIED) says nothing about the reports.
        if (s.acks > 0 || !(s.helloAcknowledged || st.getCode() == Status.Code.RESOURCE_EXHAUSTED
                || st.getCode() == Status.Code.CANCELLED
                || st.getCode() == Status.Code.UNAVAILABLE && TlsFailures.brokenUnderWrite(error))) {
            return;
        }
        if (s.inflight.size() > 1) {
            careful = true;
            return;
        }
        String id = s.inflight.iterator().next();
        int kills = streamKills.merge(id, 1, Integer::sum);
        if (kills >= MAX_STREAM_KILLS) {
            streamKills.remove(id);
            setAside(id, "发送该报告时连接连续 " + kills + " 次中断（" + st.getCode()
                    + (st.getDescription() == null ? "" : ": " + st.getDescription())
                    + "），可能超过采集端的消息大小上限（stream broke each time this report was sent）");
        }
    }

    private boolean setAside(String reportId, String reason) {
        try {
            if (spool.setAside(reportId, reason)) {
                setAside.incrementAndGet();
                return true;
            }
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot set report {0} aside: {1}", reportId, e.getMessage());
        }
        return false;
    }

    /** Sends spooled reports while fewer than {@code window} are unacknowledged. */
    private void pump() {
        Session s = session;
        if (s == null) {
            return;
        }
        long now = System.currentTimeMillis();
        int window = careful ? 1 : config.window;
        for (Spool.Entry e : spool.pending()) {
            if (s.inflight.size() >= window) {
                break;
            }
            if (s.inflight.contains(e.reportId())) {
                continue;
            }
            Long until = deferredUntil.get(e.reportId());
            if (until != null) {
                if (until > now) {
                    continue;
                }
                deferredUntil.remove(e.reportId());
            }
            Optional<FactReport> report;
            try {
                report = spool.read(e);
            } catch (IOException ex) {
                LOG.log(Level.WARNING, "cannot read spooled report {0}: {1}", e.reportId(), ex.getMessage());
                continue;
            }
            if (report.isEmpty()) {
                continue;
            }
            s.inflight.add(e.reportId());
            s.out.onNext(AgentMessage.newBuilder().setReport(report.get()).build());
        }
    }

    private void collectAndSpool(String trigger, Set<FactSection> sections) {
        Facts facts;
        long start = System.currentTimeMillis();
        try {
            facts = source.collect(sections);
        } catch (Exception e) {
            LOG.log(Level.ERROR, "fact collection failed: {0}", e.toString());
            return;
        }
        String id = UUID.randomUUID().toString();
        FactReport report = FactReport.newBuilder()
                .setReportId(id)
                .setFacts(facts.toBuilder().setReportId(id))
                .setTrigger(trigger)
                .setCreatedAtEpochMs(start)
                .build();
        int size = report.getSerializedSize();
        if (size > config.maxReportBytes) {
            // the collector would refuse it: never spool it ahead of the reports that can be delivered
            try {
                spool.deadLetters().add(id, null, "报告大小 " + size + " 字节超过上限 " + config.maxReportBytes
                        + " 字节，未发送（report too large for the collector）");
                setAside.incrementAndGet();
            } catch (IOException e) {
                LOG.log(Level.ERROR, "cannot record oversize report {0}: {1}", id, e.getMessage());
            }
            return;
        }
        try {
            spool.put(report);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot spool report {0}: {1}", id, e.getMessage());
            return;
        } finally {
            // a collection's garbage (probe builders, OSHI objects, command output) is big next to an idle agent
            trimSoon();
        }
        pump();
    }

    /**
     * Asks for one full collection a little later, once the burst (collect, spool, send, ack) is over. With the
     * serial collector and a low {@code -XX:MaxHeapFreeRatio} (the unit's JAVA_OPTS) the heap then shrinks back and
     * its pages go back to the OS, so the agent idles for a day at its idle size rather than at its peak. Debounced:
     * a burst of acks costs one GC. A few ms of CPU once per report.
     */
    private void trimSoon() {
        if (pendingTrim != null) {
            pendingTrim.cancel(false);
        }
        pendingTrim = loop.schedule(() -> {
            pendingTrim = null;
            System.gc();
        }, TRIM_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        Session s = session;
        if (s != null) {
            s.out.onNext(AgentMessage.newBuilder()
                    .setHeartbeat(Heartbeat.newBuilder().setAtEpochMs(System.currentTimeMillis())).build());
        }
    }

    /** Plans the next scheduled report at {@code due} plus a random share of {@code jitterSeconds}. */
    private void planNext(long due, long jitterSeconds) {
        if (nextReport != null) {
            nextReport.cancel(false);
        }
        plannedDueMillis = due;
        long jitter = jitterSeconds > 0 ? ThreadLocalRandom.current().nextLong(jitterSeconds * 1000L) : 0;
        long delay = Math.max(0, due + jitter - System.currentTimeMillis());
        nextReport = loop.schedule(this::scheduledReport, delay, TimeUnit.MILLISECONDS);
    }

    private void scheduledReport() {
        collectAndSpool("schedule", Set.of());
        Schedule sch = schedule;
        long interval = (sch != null ? sch.getIntervalSeconds() : config.defaultIntervalSeconds) * 1000L;
        long jitter = sch != null ? sch.getJitterSeconds() : config.defaultIntervalSeconds / 10;
        long due = plannedDueMillis;
        long now = System.currentTimeMillis();
        while (due <= now) {
            due += interval;
        }
        planNext(due, jitter);
    }

    @Override
    public void close() {
        running = false;
        try {
            loop.submit(() -> {
                Session s = session;
                session = null;
                if (s != null) {
                    try {
                        s.out.onCompleted();
                    } catch (RuntimeException e) {
                        // already closed
                    }
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        }
        loop.shutdownNow();
        for (ManagedChannel channel : channels) {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
        for (ManagedChannel channel : channels) {
            if (channel != null) {
                try {
                    channel.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One stream; callbacks arrive on gRPC threads and are handed to the loop thread. */
    private final class Session implements StreamObserver<CollectorMessage> {
        StreamObserver<AgentMessage> out;
        String address;
        final Set<String> inflight = new HashSet<>();
        long helloDropped;
        long helloDeadLetters;
        long acks;
        boolean helloAcknowledged;

        @Override
        public void onNext(CollectorMessage m) {
            post(() -> onMessage(this, m));
        }

        @Override
        public void onError(Throwable t) {
            post(() -> onClosed(this, t));
        }

        @Override
        public void onCompleted() {
            post(() -> onClosed(this, null));
        }

        private void post(Runnable r) {
            try {
                loop.execute(r);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // daemon closed
            }
        }
    }
}
