package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.engine.ClauseOrder;
import cn.dengbao.sentinel.checks.engine.ClauseRollup;
import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.score.ClauseInfo;
import cn.dengbao.sentinel.collector.score.ClauseTable;
import cn.dengbao.sentinel.collector.score.CountingRule;
import cn.dengbao.sentinel.collector.score.Importance;
import cn.dengbao.sentinel.collector.score.ItemResult;
import cn.dengbao.sentinel.collector.store.FindingEvent;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a host's {@link AssessorRecord} from its evaluation, score, lifecycle and history. */
final class AssessorRecords {
    /** Rows of one host in the one order: clause (natural), then rule id (natural). */
    static final Comparator<FindingRow> ROW_ORDER = Comparator.comparing(FindingRow::clause, ClauseOrder.CLAUSES)
            .thenComparing(FindingRow::ruleId, ClauseOrder.CLAUSES);

    private AssessorRecords() {
    }

    /**
     * {@code partial2025}: a 部分符合 item's value in the 2025 符合率; {@code overdueDays}: the KPI's overdue line;
     * {@code asOf}: the moment open findings' ages count to.
     */
    static AssessorRecord build(HostReport h, ClauseTable clauses, Times times, double partial2025, int overdueDays,
                                Instant asOf) {
        Map<String, List<RuleRow>> byClause = new TreeMap<>(ClauseOrder.CLAUSES);
        List<FindingRow> rows = new ArrayList<>();
        for (Finding f : h.evaluation().getFindingsList()) {
            rows.add(FindingRow.of(h, f, clauses, times));
        }
        rows.sort(ROW_ORDER);
        for (FindingRow r : rows) {
            DecisionNote d = decisionInForce(h, r.ruleId());
            Status counted = CountingRule.countedStatus(r.status(), d == null ? null : d.code());
            byClause.computeIfAbsent(r.clause(), k -> new ArrayList<>())
                    .add(new RuleRow(r, counted, d, h.history().decisions(r.ruleId())));
        }
        Map<String, ItemResult> scored = new HashMap<>();
        for (ItemResult i : h.score().items()) {
            scored.put(i.clause(), i);
        }
        List<ItemRow> items = new ArrayList<>();
        for (ClauseInfo c : clauses.items()) {
            List<RuleRow> rules = byClause.getOrDefault(c.clause(), List.of());
            ItemResult ir = scored.get(c.clause());
            Status st = ir != null ? ir.status() : Status.MANUAL;
            items.add(item(c.clause(), c.control(), c.text(), c.importance(), st, ir, rules, partial2025));
        }
        // rules on clauses outside the catalog (a custom rule set) still appear, after the items, rolled up alike
        byClause.forEach((clause, rules) -> {
            if (!clauses.contains(clause)) {
                Status st = ClauseRollup.rollUp(rules.stream().map(RuleRow::counted).toList());
                items.add(item(clause, "", "", Importance.GENERAL, st, null, rules, partial2025));
            }
        });
        return AssessorRecord.of(h, items, rectification(h, rows, times, overdueDays, asOf));
    }

    private static DecisionNote decisionInForce(HostReport h, String ruleId) {
        DecisionNote d = h.history().decisionInForce(ruleId);
        if (d != null) {
            return d;
        }
        LifecycleRecord lc = h.lifecycle(ruleId);
        // a lifecycle without history (a report built by hand): the decision is known, who/when/why are not
        return lc == null || lc.decision() == null ? null
                : DecisionNote.inForce(ruleId, lc.decision(), "（未记录）", "（未记录）", null);
    }

    private static ItemRow item(String clause, String control, String indicator, Importance imp, Status st,
                                ItemResult ir, List<RuleRow> rules, double partial2025) {
        Risk risk = Risk.NONE;
        boolean hazard = false;
        for (RuleRow r : rules) {
            if (r.openRisk()) {
                if (r.finding().risk().getNumber() > risk.getNumber()) {
                    risk = r.finding().risk();
                }
                hazard |= r.finding().majorHazard() && r.finding().risk() == Risk.HIGH;
            }
        }
        double v2021 = ir == null ? Double.NaN : ir.value();
        double v2025 = switch (st) {
            case PASS -> 1.0;
            case PARTIAL -> partial2025;
            case FAIL -> 0.0;
            default -> Double.NaN;
        };
        if (ir == null) {
            v2025 = Double.NaN;
        }
        return new ItemRow(clause, control, indicator, imp, resultText(rules), st, risk, hazard, v2021, v2025,
                ir == null ? 0 : ir.deduction(), rules);
    }

    /** 结果记录: what was checked and found, one numbered line per rule, in words an assessor can paste. RAW. */
    static String resultText(List<RuleRow> rules) {
        if (rules.isEmpty()) {
            return "本项无自动核查规则，需测评人员现场核查（访谈/核查）。";
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RuleRow r : rules) {
            counts.merge(r.countedLabel(), 1, Integer::sum);
        }
        // the tally, then what passed on the same line (its evidence is in the rule's detail row), then what did
        // not, one line each with why; the item's own status is the 符合情况 column, not repeated here
        StringBuilder b = new StringBuilder("自动核查 ").append(rules.size()).append(" 项：");
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k + " " + v));
        b.append(String.join("，", parts)).append("。");
        List<String> passed = new ArrayList<>();
        for (RuleRow r : rules) {
            if (r.counted() == Status.PASS) {
                passed.add(r.finding().checkItem());
            }
        }
        if (!passed.isEmpty()) {
            b.append("符合：").append(String.join("；", passed)).append("。");
        }
        int n = 1;
        for (RuleRow r : rules) {
            if (r.counted() == Status.PASS) {
                continue;
            }
            FindingRow f = r.finding();
            b.append('\n').append(n++).append(". ").append(f.checkItem()).append("：").append(r.countedLabel());
            String msg = PlainText.abbreviate(firstLine(messageOf(f)), MESSAGE_CHARS);
            if (!msg.isEmpty()) {
                b.append("，").append(msg);
            }
            if (r.decision() != null) {
                b.append("（").append(r.decision().label()).append("：").append(r.decision().reason()).append("）");
            }
        }
        return b.toString();
    }

    /** A rule's message in 结果记录 is cut here (the detail row has it whole): the printed record stays short. */
    static final int MESSAGE_CHARS = 60;

    /** The verdict's message: the first line of the evidence text (FindingRow puts the message first). */
    private static String messageOf(FindingRow f) {
        return f.evidence() == null ? "" : f.evidence().startsWith("· ") ? "" : f.evidence();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static List<RectificationRow> rectification(HostReport h, List<FindingRow> rows, Times times,
                                                        int overdueDays, Instant asOf) {
        Map<String, FindingRow> current = new HashMap<>();
        for (FindingRow r : rows) {
            current.put(r.ruleId(), r);
        }
        List<LifecycleRecord> lcs = new ArrayList<>(h.lifecycle().values());
        lcs.sort(Comparator.comparing(LifecycleRecord::clause, ClauseOrder.CLAUSES)
                .thenComparing(LifecycleRecord::ruleId, ClauseOrder.CLAUSES));
        List<RectificationRow> out = new ArrayList<>();
        for (LifecycleRecord lc : lcs) {
            FindingRow now = current.get(lc.ruleId());
            DecisionNote d = decisionInForce(h, lc.ruleId());
            List<FindingEvent> events = h.history().events(lc.ruleId());
            Long fixScan = null;
            List<String> reopened = new ArrayList<>();
            for (FindingEvent e : events) {
                if ("fixed".equals(e.kind())) {
                    fixScan = e.scanId();
                } else if ("reopened".equals(e.kind())) {
                    reopened.add(times.text(e.at()) + (e.scanId() == null ? "" : "（扫描 #" + e.scanId() + "）"));
                }
            }
            boolean fixed = !lc.open() && lc.fixedAt() != null;
            String state = d != null ? Labels.rectification(d.code())
                    : fixed ? "已整改" : lc.open() ? "未整改" : "未复测";
            Instant opened = lc.openedAt() != null ? lc.openedAt() : lc.firstSeenAt();
            Long days = opened == null ? null : fixed ? times.daysBetween(opened, lc.fixedAt())
                    : lc.open() ? times.daysBetween(opened, asOf) : null;
            boolean overdue = days != null && days > overdueDays && (fixed || (lc.open() && d == null));
            HostHistory.FixEvidence ev = h.history().fixEvidence().get(lc.ruleId());
            // while open, the evidence is the current scan's, in the record's detail row: not repeated here
            String before = ev != null ? ev.before() : lc.open() ? "（未整改，见测评记录）" : "";
            String after = ev != null ? ev.after() : (now != null && fixed ? now.evidence() : "");
            out.add(new RectificationRow(h.host(), lc.ruleId(), lc.clause(),
                    now != null ? now.checkItem() : lc.ruleId(), lc.risk(), lc.majorHazard(), lc.firstSeenAt(),
                    lc.openedAt(), state, fixed ? fixScan : null, fixed ? lc.fixedAt() : null, days, overdue,
                    before, after, lc.reopenCount(), reopened, d));
        }
        return out;
    }
}
