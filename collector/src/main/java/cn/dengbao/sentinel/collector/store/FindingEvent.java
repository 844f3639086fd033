package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/**
 * One step in a finding's history. kind: opened, status, fixed, reopened (from scans; scanId set), decided,
 * revoked (operator; actor and detail set). Statuses are verdict names, or the decision code for decisions.
 */
public record FindingEvent(String hostId, String ruleId, Long scanId, Instant at, String kind, String fromStatus,
                           String toStatus, String actor, String detail) {}
