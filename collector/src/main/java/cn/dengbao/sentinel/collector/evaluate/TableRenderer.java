package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.collector.score.Labels;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Source;
import java.util.Map;

/** A terminal summary: one line per rule (clause, verdict, risk, title, one line of evidence), then counts. */
public final class TableRenderer {
    private static final int TITLE_WIDTH = 44;
    private static final int EVIDENCE_WIDTH = 70;

    private TableRenderer() {
    }

    public static String render(Evaluation ev) {
        StringBuilder out = new StringBuilder();
        out.append("主机 ").append(Text.oneLine(ev.getHost())).append("  规则集 ").append(ev.getProfile()).append('\n');
        out.append(pad("条款", 10)).append(pad("结论", 12)).append(pad("风险", 6)).append(pad("检查项", TITLE_WIDTH))
                .append("证据").append('\n');
        for (Finding f : ev.getFindingsList()) {
            out.append(pad(f.getClause(), 10))
                    .append(pad(Labels.status(f.getStatus()), 12))
                    .append(pad(Labels.risk(f.getRisk()), 6))
                    .append(pad(Text.fit(f.getTitle(), TITLE_WIDTH - 2), TITLE_WIDTH))
                    .append(Text.fit(firstEvidence(f), EVIDENCE_WIDTH))
                    .append('\n');
        }
        Map<String, Integer> c = Summary.of(ev);
        out.append(String.format("合计 %d 条规则：符合 %d，部分符合 %d，不符合 %d，不适用 %d，需人工核查 %d，无法判定 %d；高风险 %d%n",
                ev.getFindingsCount(), c.get("PASS"), c.get("PARTIAL"), c.get("FAIL"), c.get("NOT_APPLICABLE"),
                c.get("MANUAL"), c.get("ERROR"), c.get("HIGH_RISK")));
        long clausesOk = ev.getClausesList().stream().filter(x -> x.getStatus() == cn.dengbao.sentinel.proto.Status.PASS).count();
        out.append(String.format("测评指标 %d 项，其中符合 %d 项%n", ev.getClausesCount(), clausesOk));
        return out.toString();
    }

    private static String firstEvidence(Finding f) {
        if (!f.getMessage().isEmpty()) {
            String msg = Text.oneLine(f.getMessage());
            if (f.getEvidenceCount() == 0) {
                return msg;
            }
            return msg + "｜" + describe(f.getEvidence(0));
        }
        return f.getEvidenceCount() == 0 ? "" : describe(f.getEvidence(0));
    }

    private static String describe(Evidence e) {
        String text = Text.oneLine(e.getText());
        if (!e.hasSource()) {
            return text;
        }
        Source s = e.getSource();
        String where = !s.getPath().isEmpty() ? s.getPath() + (s.getLine() > 0 ? ":" + s.getLine() : "") : s.getCommand();
        return where.isEmpty() ? text : text + " (" + Text.oneLine(where) + ")";
    }

    private static String pad(String s, int width) {
        int w = Text.displayWidth(s);
        return w >= width ? s + " " : s + " ".repeat(width - w);
    }
}
