package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.text.Escaping;
import cn.dengbao.sentinel.proto.Finding;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV, one finding a row: UTF-8 with a BOM (so Excel on a Chinese Windows desktop reads it as UTF-8), RFC 4180
 * quoting and CRLF line ends, every cell neutralised against formula injection.
 */
public final class CsvExporter implements Exporter {

    @Override
    public void write(ReportData data, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write('\uFEFF');
        List<String> header = new ArrayList<>(FindingRow.HEADERS);
        header.addAll(FindingRow.CSV_EXTRA);
        line(w, header);
        for (HostReport h : data.hosts()) {
            for (Finding f : h.evaluation().getFindingsList()) {
                FindingRow r = FindingRow.of(h, f, data.clauses(), data.times());
                List<String> cells = new ArrayList<>(r.cells());
                cells.add(r.group());
                cells.add(r.ruleId());
                cells.add(r.majorHazard() ? "是" : "否");
                cells.add(r.riskReason());
                line(w, cells);
            }
        }
        w.flush();
    }

    private static void line(Writer w, List<String> cells) throws IOException {
        w.write(Escaping.csvRow(cells));
        w.write("\r\n");
    }
}
