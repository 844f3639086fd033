package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.text.Escaping;
import cn.dengbao.sentinel.collector.time.Times;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV of the assessor's record: per host, one row per 测评指标 (行类型 测评指标, 34 in clause order) followed by its
 * rules (行类型 规则), each rule with its decision in force (处置, 理由, 处置人, 处置时间, 状态) and every earlier one
 * (处置历史). The first columns are the 测评记录 columns ({@link FindingRow#HEADERS}, {@link FindingRow#CSV_EXTRA}).
 * UTF-8 with a BOM (so Excel on a Chinese Windows desktop reads it as UTF-8), RFC 4180 quoting and CRLF line ends,
 * every cell neutralised against formula injection.
 */
public final class CsvExporter implements Exporter {
    /** Columns after the 测评记录 columns. */
    public static final List<String> RECORD_EXTRA = List.of("行类型", "测评指标原文", "处置", "处置理由", "处置人",
            "处置时间", "处置状态", "处置历史");
    public static final String ITEM_ROW = "测评指标";
    public static final String RULE_ROW = "规则";

    @Override
    public void write(ReportData data, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write('\uFEFF');
        line(w, headers());
        Times times = data.times();
        for (HostReport h : data.hosts()) {
            for (ItemRow item : h.record().items()) {
                line(w, itemCells(h, item));
                for (RuleRow rule : item.rules()) {
                    line(w, ruleCells(rule, times));
                }
            }
        }
        w.flush();
    }

    public static List<String> headers() {
        List<String> header = new ArrayList<>(FindingRow.HEADERS);
        header.addAll(FindingRow.CSV_EXTRA);
        header.addAll(RECORD_EXTRA);
        return header;
    }

    private static List<String> itemCells(HostReport h, ItemRow item) {
        List<String> c = new ArrayList<>(List.of(h.host(), item.control(), item.clause(), "", item.result(),
                item.statusLabel(), item.riskLabel(), "", "", "", h.group(), "", item.majorHazardLabel(), ""));
        c.addAll(List.of(ITEM_ROW, item.indicator(), "", "", "", "", "", ""));
        return c;
    }

    private static List<String> ruleCells(RuleRow rule, Times times) {
        FindingRow r = rule.finding();
        List<String> c = new ArrayList<>(r.cells());
        c.add(r.group());
        c.add(r.ruleId());
        c.add(r.majorHazard() ? "是" : "否");
        c.add(r.riskReason());
        c.add(RULE_ROW);
        c.add("");
        DecisionNote d = rule.decision();
        c.add(d == null ? "" : d.label());
        c.add(d == null ? "" : d.reason());
        c.add(d == null ? "" : d.by());
        c.add(d == null ? "" : times.text(d.at()));
        c.add(d == null ? "" : d.stateLabel());
        List<String> history = new ArrayList<>();
        rule.decisions().forEach(n -> history.add(n.text(times)));
        c.add(String.join("\n", history));
        return c;
    }

    private static void line(Writer w, List<String> cells) throws IOException {
        w.write(Escaping.csvRow(cells));
        w.write("\r\n");
    }
}
