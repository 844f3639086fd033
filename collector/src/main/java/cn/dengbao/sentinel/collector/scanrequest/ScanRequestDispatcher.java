package cn.dengbao.sentinel.collector.scanrequest;

import cn.dengbao.sentinel.collector.store.ScanRequestRecord;
import cn.dengbao.sentinel.collector.store.ScanRequestRepository;
import cn.dengbao.sentinel.proto.FactSection;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A running collector's side of the scan requests: every {@link #POLL} it expires overdue requests, then takes
 * (atomically, see {@link ScanRequestRepository#claim}) each pending request whose agent is connected to THIS
 * collector and sends it on the agent's stream. Requests for agents connected elsewhere stay pending for the
 * collector that holds the stream (also one given back because its stream closed before it was sent); a request
 * nobody delivers within its time expires with the reason. Each request is sent at most once.
 */
public final class ScanRequestDispatcher {
    private static final System.Logger LOG = System.getLogger(ScanRequestDispatcher.class.getName());

    /** How often a running collector looks for requests: an operator's {@code scan} reaches the agent within it. */
    public static final Duration POLL = Duration.ofMillis(500);
    /** Settled requests are kept this long (to look up what became of one), then deleted. */
    static final Duration KEEP = Duration.ofDays(7);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** Pending requests read per poll; more wait for the next poll. */
    private static final int BATCH = 1_000;
    static final String EXPIRED = "未在有效期内送达：该 agent 未连接到任何采集器 (not delivered in time: the agent was not "
            + "connected to any collector)";

    /** The agents connected to this collector. */
    public interface Agents {
        boolean isConnected(String agentId);

        /** @return false when the stream closed before the request could be sent */
        boolean send(String agentId, String requestId, List<FactSection> sections);
    }

    private final ScanRequestRepository requests;
    private final Agents agents;
    private final String collector;
    private final Clock clock;
    private Instant nextPurge = Instant.MIN;

    /** @param collector this collector's name, recorded as {@code taken_by} */
    public ScanRequestDispatcher(ScanRequestRepository requests, Agents agents, String collector, Clock clock) {
        this.requests = requests;
        this.agents = agents;
        this.collector = collector;
        this.clock = clock;
    }

    /** One poll. Returns how many requests this collector sent. Not thread-safe: one poller per collector. */
    public int poll() {
        Instant now = clock.instant();
        int expired = requests.expire(now, EXPIRED);
        if (expired > 0) {
            LOG.log(Level.INFO, "{0} scan request(s) expired: agent not connected to any collector", expired);
        }
        if (!now.isBefore(nextPurge)) {
            requests.purge(now.minus(KEEP));
            nextPurge = now.plus(PURGE_EVERY);
        }
        int sent = 0;
        for (ScanRequestRecord r : requests.pending(now, BATCH)) {
            if (agents.isConnected(r.agentId()) && requests.claim(r.id(), collector, now) && deliver(r)) {
                sent++;
            }
        }
        return sent;
    }

    /** Runs {@link #poll}, logging instead of throwing: a store hiccup must not stop the poller. */
    public void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scan requests: {0}", e.getMessage());
        }
    }

    private boolean deliver(ScanRequestRecord r) {
        List<FactSection> sections = new ArrayList<>();
        for (String s : r.sections()) {
            try {
                sections.add(FactSection.valueOf(s));
            } catch (IllegalArgumentException e) {
                requests.finish(r.id(), ScanRequestRecord.FAILED, "未知的采集项 (unknown fact section): " + s);
                return false;
            }
        }
        if (agents.send(r.agentId(), "scan-request-" + r.id(), sections)) {
            requests.finish(r.id(), ScanRequestRecord.SENT, "已发送 (sent) by " + collector);
            return true;
        }
        // the stream closed between the check and the send: pending again, for wherever the agent reconnects
        requests.release(r.id());
        return false;
    }
}
