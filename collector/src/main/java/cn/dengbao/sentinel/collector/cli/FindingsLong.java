package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.export.FindingRow;
import cn.dengbao.sentinel.collector.store.FindingRecord;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code findings --host H --long}: one block per finding with what an operator needs to act without exporting:
 * the latest scan's verdict and evidence (with file:line), the remediation, and the decision with its reason, who
 * made it and when. Every value from an agent or operator goes through {@link PlainText} (no terminal controls).
 */
final class FindingsLong {
    private FindingsLong() {
    }

    static void print(PrintWriter out, Store store, Host h, List<FindingRecord> findings, Times times) {
        Map<String, Finding> latest = new HashMap<>();
        store.scans().latest(h.id()).flatMap(s -> store.scans().evaluation(s.id())).map(Evaluation::getFindingsList)
                .ifPresent(l -> l.forEach(f -> latest.put(f.getRuleId(), f)));
        for (FindingRecord f : findings) {
            out.println();
            out.printf("■ %s  %s  %s%n", PlainText.oneLine(f.clause()), PlainText.oneLine(f.ruleId()),
                    PlainText.oneLine(f.title()));
            out.printf("  状态: %s  风险: %s%s  首次发现: %s  最近发现: %s%s%n", Labels.status(f.status()),
                    Labels.risk(f.risk()), f.majorHazard() ? "（重大风险隐患）" : "", times.text(f.firstSeenAt()),
                    times.text(f.lastSeenAt()), f.fixedAt() == null ? "" : "  修复: " + times.text(f.fixedAt()));
            if (f.decision() != null) {
                out.printf("  处置: %s  理由: %s  处置人: %s  处置时间: %s%n", f.decision().label(),
                        PlainText.oneLine(f.decisionReason()), PlainText.oneLine(f.decisionBy()),
                        times.text(f.decisionAt()));
            }
            Finding now = latest.get(f.ruleId());
            if (now == null) {
                out.println("  证据: （最近一次扫描未包含该规则）");
                continue;
            }
            out.println("  证据（最近一次扫描）:");
            indent(out, FindingRow.evidenceText(now));
            if (!now.getRemediation().isEmpty()) {
                out.println("  整改建议:");
                indent(out, now.getRemediation());
            }
        }
    }

    private static void indent(PrintWriter out, String text) {
        for (String line : text.split("\n", -1)) {
            out.println("    " + PlainText.oneLine(line));
        }
    }
}
