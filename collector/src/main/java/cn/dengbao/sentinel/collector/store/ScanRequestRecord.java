package cn.dengbao.sentinel.collector.store;

import java.time.Instant;
import java.util.List;

/**
 * One agent asked for a report now. {@code requestedFor} is what the operator named ({@code agent:ID},
 * {@code group:G}, {@code all}, {@code schedule:ID}); {@code sections} are fact section names, empty for all.
 * {@code state} is one of the constants below; {@code result} says what happened (or why not).
 */
public record ScanRequestRecord(long id, String agentId, String requestedFor, List<String> sections,
                                String requestedBy, Instant requestedAt, Instant expiresAt, String state,
                                String takenBy, Instant takenAt, String result) {
    /** Waiting for the collector that holds the agent's stream. */
    public static final String PENDING = "pending";
    /** Claimed by one collector, which is sending it. */
    public static final String TAKEN = "taken";
    /** Sent on the agent's stream. */
    public static final String SENT = "sent";
    /** Claimed, but it cannot be sent (a section this collector does not know); {@code result} says why. */
    public static final String FAILED = "failed";
    /** No collector holding the agent's stream took it in time. */
    public static final String EXPIRED = "expired";
    /** The agent was revoked while the request waited: it is never sent. */
    public static final String REFUSED = "refused";
}
