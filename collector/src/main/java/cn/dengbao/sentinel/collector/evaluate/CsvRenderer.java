package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.text.Escaping;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One finding a row, UTF-8 with a BOM so Chinese Excel opens it correctly. Cells are quoted per RFC 4180 and
 * any cell that a spreadsheet would run as a formula is neutralised.
 */
public final class CsvRenderer {
    private static final List<String> HEADER = List.of("测评对象", "测评指标(条款)", "规则", "检查项", "符合情况", "风险等级", "结果记录(证据)", "整改建议");

    private CsvRenderer() {
    }

    public static String render(Evaluation ev) {
        StringBuilder out = new StringBuilder("\uFEFF");
        row(out, HEADER);
        for (Finding f : ev.getFindingsList()) {
            String evidence = f.getEvidenceList().stream().map(Evidence::getText).collect(Collectors.joining("\n"));
            String record = f.getMessage().isEmpty() ? evidence : f.getMessage() + (evidence.isEmpty() ? "" : "\n" + evidence);
            row(out, List.of(ev.getHost(), f.getClause(), f.getRuleId(), f.getTitle(), Labels.status(f.getStatus()),
                    Labels.risk(f.getRisk()), record, f.getRemediation()));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append(Escaping.csvRow(cells)).append("\r\n");
    }

}
