package cn.dengbao.sentinel.collector.ingest;

import cn.dengbao.sentinel.proto.FactSection;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Agents connected right now (one stream each), for pushing scan requests. */
public final class AgentSessions {
    private final ConcurrentHashMap<String, IngestService.AgentStream> streams = new ConcurrentHashMap<>();

    /** Registers a stream; an older stream of the same agent is closed (the agent reconnected). */
    void add(IngestService.AgentStream s) {
        IngestService.AgentStream old = streams.put(s.agentId(), s);
        if (old != null && old != s) {
            old.closeReplaced();
        }
    }

    void remove(IngestService.AgentStream s) {
        streams.remove(s.agentId(), s);
    }

    public int size() {
        return streams.size();
    }

    public Set<String> connectedIds() {
        return Set.copyOf(streams.keySet());
    }

    public boolean isConnected(String agentId) {
        return streams.containsKey(agentId);
    }

    /**
     * Asks a connected agent for a scan of the given sections (empty = all). Only the enum sections exist: there
     * is no way to send a command. Scan requests come from the store ({@code scanrequest.ScanRequestDispatcher}).
     * @return false when the agent is not connected here or its stream closed
     */
    public boolean requestScan(String agentId, String requestId, Collection<FactSection> sections) {
        IngestService.AgentStream s = streams.get(agentId);
        return s != null && s.sendScan(requestId, sections);
    }

    /** Closes the stream of a revoked agent at once. */
    public void disconnect(String agentId, String why) {
        IngestService.AgentStream s = streams.get(agentId);
        if (s != null) {
            s.closeWith(io.grpc.Status.PERMISSION_DENIED.withDescription(why));
        }
    }

    /**
     * Closes the streams of agents that are no longer active (revoked from the CLI by another process): a revoked
     * agent loses its open stream within one check period, not only at its next connect.
     * @return how many streams were closed
     */
    public int revalidate(java.util.function.BiPredicate<String, String> isActive) {
        int n = 0;
        for (IngestService.AgentStream s : streams.values()) {
            boolean ok;
            try {
                ok = isActive.test(s.agentId(), s.certSha256());
            } catch (RuntimeException e) {
                continue; // store unavailable: do not disconnect everyone
            }
            if (!ok) {
                s.closeWith(io.grpc.Status.PERMISSION_DENIED.withDescription("agent revoked"));
                n++;
            }
        }
        return n;
    }

    public static Predicate<String> all() {
        return id -> true;
    }
}
