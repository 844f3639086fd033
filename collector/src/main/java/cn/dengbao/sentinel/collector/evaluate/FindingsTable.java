package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.text.TextTable;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;
import java.util.Map;
import java.util.StringJoiner;

/** {@code evaluate}'s terminal output: one line per rule (clause, verdict, risk, title, one line of evidence), then counts. */
public final class FindingsTable {
    private static final int TITLE_WIDTH = 42;
    private static final int EVIDENCE_WIDTH = 70;
    private static final Status[] COUNTED = {Status.PASS, Status.PARTIAL, Status.FAIL, Status.NOT_APPLICABLE,
            Status.MANUAL, Status.ERROR};

    private FindingsTable() {
    }

    public static String render(Evaluation ev) {
        StringBuilder out = new StringBuilder();
        out.append("主机 ").append(PlainText.oneLine(ev.getHost())).append("  规则集 ")
                .append(PlainText.oneLine(ev.getProfile())).append('\n');
        TextTable t = new TextTable("条款", "结论", "风险", "检查项", "证据")
                .maxWidth(3, TITLE_WIDTH).maxWidth(4, EVIDENCE_WIDTH);
        for (Finding f : ev.getFindingsList()) {
            t.row(f.getClause(), Labels.status(f.getStatus()), Labels.risk(f.getRisk()), f.getTitle(), firstEvidence(f));
        }
        out.append(t);
        Map<String, Integer> c = Summary.of(ev);
        StringJoiner counts = new StringJoiner("，");
        for (Status s : COUNTED) {
            counts.add(Labels.status(s) + " " + c.get(s.name()));
        }
        out.append(String.format("合计 %d 条规则：%s；高风险 %d%n", ev.getFindingsCount(), counts, c.get("HIGH_RISK")));
        long clausesOk = ev.getClausesList().stream().filter(x -> x.getStatus() == Status.PASS).count();
        out.append(String.format("测评指标 %d 项，其中符合 %d 项%n", ev.getClausesCount(), clausesOk));
        return out.toString();
    }

    private static String firstEvidence(Finding f) {
        if (!f.getMessage().isEmpty()) {
            if (f.getEvidenceCount() == 0) {
                return f.getMessage();
            }
            return f.getMessage() + "｜" + describe(f.getEvidence(0));
        }
        return f.getEvidenceCount() == 0 ? "" : describe(f.getEvidence(0));
    }

    private static String describe(Evidence e) {
        String text = e.getText();
        if (!e.hasSource()) {
            return text;
        }
        Source s = e.getSource();
        String where = !s.getPath().isEmpty() ? s.getPath() + (s.getLine() > 0 ? ":" + s.getLine() : "") : s.getCommand();
        return where.isEmpty() ? text : text + " (" + where + ")";
    }
}
