package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.store.Decision;
import cn.dengbao.sentinel.collector.store.FindingEvent;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host's {@link HostHistory} from the store, as it stood at {@code asOf} (null = now): decisions replayed from the
 * finding events (decided / revoked, with actor, reason and time — what {@code findings history} shows), so a
 * decision revoked later is in force at an earlier date; the findings row fills in a decision that has no event.
 * For each fixed finding, the evidence of the last failing scan and of the scan that found it fixed.
 */
final class StoreHistory {
    private final Store store;
    private final Map<Long, Optional<Evaluation>> evaluations = new HashMap<>();

    StoreHistory(Store store) {
        this.store = store;
    }

    HostHistory of(String hostId, List<FindingRecord> findings, Instant asOf) {
        Map<String, List<FindingEvent>> events = new LinkedHashMap<>();
        for (FindingEvent e : store.findings().events(hostId)) {
            if (asOf == null || e.at() == null || !e.at().isAfter(asOf)) {
                events.computeIfAbsent(e.ruleId(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, List<DecisionNote>> decisions = new HashMap<>();
        Map<String, HostHistory.FixEvidence> evidence = new HashMap<>();
        for (FindingRecord f : findings) {
            List<FindingEvent> ev = events.getOrDefault(f.ruleId(), List.of());
            List<DecisionNote> notes = replay(f.ruleId(), ev);
            boolean decidedThen = f.decision() != null && (asOf == null || f.decisionAt() == null
                    || !f.decisionAt().isAfter(asOf));
            if (decidedThen && (notes.isEmpty() || !notes.get(notes.size() - 1).inForce())) {
                notes.add(DecisionNote.inForce(f.ruleId(), f.decision(), f.decisionReason(), f.decisionBy(),
                        f.decisionAt()));
            }
            if (!notes.isEmpty()) {
                decisions.put(f.ruleId(), List.copyOf(notes));
            }
            HostHistory.FixEvidence fe = fixEvidence(f.ruleId(), ev);
            if (fe != null) {
                evidence.put(f.ruleId(), fe);
            }
        }
        Map<String, List<FindingEvent>> frozen = new HashMap<>();
        events.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new HostHistory(decisions, frozen, evidence);
    }

    /** decided → a new decision in force (an earlier one in force is superseded); revoked → the one in force ends. */
    static List<DecisionNote> replay(String ruleId, List<FindingEvent> events) {
        List<DecisionNote> out = new ArrayList<>();
        for (FindingEvent e : events) {
            if ("decided".equals(e.kind())) {
                endInForce(out, e.at(), e.actor(), "被新的处置决定取代");
                Decision d;
                try {
                    d = Decision.parse(e.toStatus());
                } catch (IllegalArgumentException unknown) {
                    continue;
                }
                out.add(DecisionNote.inForce(ruleId, d, e.detail(), e.actor(), e.at()));
            } else if ("revoked".equals(e.kind())) {
                endInForce(out, e.at(), e.actor(), e.detail());
            }
        }
        return out;
    }

    private static void endInForce(List<DecisionNote> notes, Instant at, String by, String why) {
        if (!notes.isEmpty() && notes.get(notes.size() - 1).inForce()) {
            DecisionNote n = notes.remove(notes.size() - 1);
            notes.add(new DecisionNote(n.ruleId(), n.decision(), n.reason(), n.by(), n.at(), false, at, by, why));
        }
    }

    /** Evidence of the last failing scan before the last fix, and of the fixing scan; null when never fixed. */
    private HostHistory.FixEvidence fixEvidence(String ruleId, List<FindingEvent> events) {
        Long fixScan = null;
        Long failScan = null;
        Long lastFailing = null;
        for (FindingEvent e : events) {
            if (e.scanId() == null) {
                continue;
            }
            if ("fixed".equals(e.kind())) {
                fixScan = e.scanId();
                failScan = lastFailing;
            } else {
                lastFailing = e.scanId();
            }
        }
        if (fixScan == null) {
            return null;
        }
        return new HostHistory.FixEvidence(evidence(failScan, ruleId), evidence(fixScan, ruleId));
    }

    private String evidence(Long scanId, String ruleId) {
        if (scanId == null) {
            return "";
        }
        Optional<Evaluation> ev = evaluations.computeIfAbsent(scanId, id -> store.scans().evaluation(id));
        if (ev.isEmpty()) {
            return "";
        }
        for (Finding f : ev.get().getFindingsList()) {
            if (f.getRuleId().equals(ruleId)) {
                return "扫描 #" + scanId + "：" + FindingRow.evidenceText(f);
            }
        }
        return "";
    }
}
