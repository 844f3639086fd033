package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.store.FindingEvent;

import java.util.List;
import java.util.Map;

/**
 * What the store remembers about a host's findings beyond the latest scan: every operator decision per rule (oldest
 * first; the last may be in force), every finding event per rule (opened, fixed, reopened…, oldest first), and for
 * fixed findings the evidence of the last failing scan and of the scan that found it fixed. Empty for a report
 * built from one evaluation (no history).
 */
public record HostHistory(Map<String, List<DecisionNote>> decisions, Map<String, List<FindingEvent>> events,
                          Map<String, FixEvidence> fixEvidence) {
    public static final HostHistory NONE = new HostHistory(Map.of(), Map.of(), Map.of());

    public HostHistory {
        decisions = decisions == null ? Map.of() : Map.copyOf(decisions);
        events = events == null ? Map.of() : Map.copyOf(events);
        fixEvidence = fixEvidence == null ? Map.of() : Map.copyOf(fixEvidence);
    }

    /** Evidence text before (last failing scan) and after (the scan that found it fixed); RAW. */
    public record FixEvidence(String before, String after) {
    }

    public List<DecisionNote> decisions(String ruleId) {
        return decisions.getOrDefault(ruleId, List.of());
    }

    /** The decision in force on a rule, or null. */
    public DecisionNote decisionInForce(String ruleId) {
        List<DecisionNote> l = decisions(ruleId);
        return l.isEmpty() || !l.get(l.size() - 1).inForce() ? null : l.get(l.size() - 1);
    }

    public List<FindingEvent> events(String ruleId) {
        return events.getOrDefault(ruleId, List.of());
    }
}
