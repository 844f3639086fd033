package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.time.Times;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The 测评记录 sheet: per host, one row per 测评指标 (34, clause order) — what an assessor pastes into the on-site
 * record — and under each, its rules as outline-level-1 detail rows, collapsed (the "+" in the margin opens them;
 * collapsed rows do not print). Detail rows carry the evidence with file:line, the full remediation and every
 * decision (in force or revoked) with 理由, 处置人 and 处置时间.
 */
final class XlsxRecordSheet {
    /** Column headers of the 测评记录 sheet (and the item/rule columns of the CSV). */
    static final List<String> HEADERS = List.of("测评对象", "安全控制点", "测评指标", "结果记录", "符合情况", "风险等级",
            "重大风险隐患", "整改建议", "处置(理由/处置人/时间)", "整改状态");
    private static final double[] WIDTHS = {11, 9, 34, 70, 8, 6, 7, 22, 22, 10};

    private XlsxRecordSheet() {
    }

    static void write(Worksheet ws, ReportData d) throws IOException {
        XlsxLayout.table(ws, 0, HEADERS, WIDTHS);
        ws.rowSumsBelow(false);
        int r = 1;
        for (HostReport h : d.hosts()) {
            if (r > 1) {
                // the previous host's rows are complete (hidden, grouped): write them out before the next host's.
                // Flushing after the last host instead would make fastexcel 0.19 write that last row twice.
                ws.flush();
            }
            for (ItemRow item : h.record().items()) {
                List<String> cells = itemCells(h.host(), item, d.times());
                XlsxLayout.row(ws, r, cells, WIDTHS);
                ws.range(r, 0, r, HEADERS.size() - 1).style().wrapText(true).verticalAlignment("top")
                        .borderStyle("thin").borderColor("B0B7BF").fontSize(XlsxLayout.BODY_FONT).fillColor(fill(item))
                        .set();
                r++;
                int first = r;
                for (RuleRow rule : item.rules()) {
                    XlsxLayout.row(ws, r, ruleCells(h.host(), rule, d.times()), WIDTHS);
                    ws.hideRow(r);
                    r++;
                }
                if (r > first) {
                    ws.groupRows(first, r - 1);
                }
            }
        }
        XlsxLayout.filter(ws, 0, r - 1, HEADERS.size());
        ws.finish();
    }

    /** The item row: what the record says about the 测评指标. */
    static List<String> itemCells(String host, ItemRow item, Times times) {
        return List.of(host, item.control(), item.clause() + " " + item.indicator(), item.result(), item.statusLabel(),
                item.riskLabel(), item.majorHazardLabel(), remediation(item), decisions(item, times),
                rectification(item));
    }

    /** A detail row: one rule under the item. */
    static List<String> ruleCells(String host, RuleRow rule, Times times) {
        FindingRow f = rule.finding();
        String status = rule.counted() == f.status() ? f.statusLabel()
                : f.statusLabel() + " → " + rule.countedLabel() + "（处置）";
        List<String> decided = new ArrayList<>();
        rule.decisions().forEach(n -> decided.add(n.text(times)));
        if (decided.isEmpty() && rule.decision() != null) {
            decided.add(rule.decision().text(times));
        }
        return List.of(host, "", "└ 规则 " + f.ruleId() + "：" + f.checkItem(), f.evidence(), status, f.riskLabel(),
                f.majorHazard() && rule.openRisk() ? "是" : "否", f.remediation(), String.join("\n", decided),
                f.rectification());
    }

    /**
     * The start of each open defect's remediation, one line per rule (so the printed record stays short); the
     * detail rows and 整改记录 have it in full.
     */
    private static String remediation(ItemRow item) {
        List<String> lines = new ArrayList<>();
        for (RuleRow r : item.rules()) {
            if (r.openRisk() && !r.finding().remediation().isEmpty()) {
                lines.add(PlainText.abbreviate(r.finding().remediation(), REMEDIATION_CHARS));
            }
        }
        return String.join("\n", lines);
    }

    /** Characters of a remediation shown on the item row: about one line of its column. */
    private static final int REMEDIATION_CHARS = 24;

    private static String decisions(ItemRow item, Times times) {
        List<String> lines = new ArrayList<>();
        for (RuleRow r : item.rules()) {
            if (r.decision() != null) {
                lines.add(r.ruleId() + " " + r.decision().text(times));
            }
        }
        return String.join("\n", lines);
    }

    private static String rectification(ItemRow item) {
        Set<String> states = new LinkedHashSet<>();
        for (RuleRow r : item.rules()) {
            String s = r.finding().rectification();
            if (!s.isEmpty() && !"—".equals(s)) {
                states.add(s);
            }
        }
        return String.join("\n", states);
    }

    private static String fill(ItemRow item) {
        return switch (item.status()) {
            case FAIL -> "FDE2E1";
            case PARTIAL -> "FFF2CC";
            case PASS -> "E2F0D9";
            default -> "F2F2F2";
        };
    }
}
