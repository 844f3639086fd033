package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.store.ScanDiff;
import cn.dengbao.sentinel.collector.time.Times;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code findings diff --format xlsx}: the re-scan comparison (复测对比) as a workbook laid out like the export's
 * table sheets ({@link XlsxLayout}: wrapped, frozen and repeated header, autofilter, A4 landscape one page wide).
 */
public final class DiffXlsx {
    public static final String SHEET = "复测对比";
    public static final List<String> HEADERS = List.of("测评对象", "之前扫描", "之后扫描", "变化", "测评指标(条款)", "规则",
            "问题", "风险等级", "之前", "现在");
    private static final double[] WIDTHS = {14, 18, 18, 9, 11, 20, 36, 7, 10, 10};

    private DiffXlsx() {
    }

    public static void write(List<ScanDiff> diffs, List<String> hosts, Times times, OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, "DengbaoSentinel", "1.0");
        wb.setGlobalDefaultFont("等线", 11);
        Worksheet ws = wb.newWorksheet(SHEET);
        XlsxLayout.table(ws, 0, HEADERS, WIDTHS);
        int r = 1;
        for (int i = 0; i < diffs.size(); i++) {
            ScanDiff d = diffs.get(i);
            String from = "#" + d.from().id() + " " + times.text(d.from().scannedAt());
            String to = "#" + d.to().id() + " " + times.text(d.to().scannedAt());
            r = rows(ws, r, hosts.get(i), from, to, "新增", d.newlyFailing());
            r = rows(ws, r, hosts.get(i), from, to, "已修复", d.fixed());
            r = rows(ws, r, hosts.get(i), from, to, "仍未整改", d.stillOpen());
            r = rows(ws, r, hosts.get(i), from, to, "无法确认", d.unverified());
        }
        XlsxLayout.filter(ws, 0, r - 1, HEADERS.size());
        ws.finish();
        wb.finish();
    }

    private static int rows(Worksheet ws, int r, String host, String from, String to, String change,
                            List<ScanDiff.Entry> entries) {
        for (ScanDiff.Entry e : entries) {
            XlsxLayout.row(ws, r++, List.of(host, from, to, change, e.clause() == null ? "" : e.clause(), e.ruleId(),
                    e.title() == null ? "" : e.title(), Labels.risk(e.risk()), Labels.status(e.fromStatus()),
                    Labels.status(e.toStatus())), WIDTHS);
        }
        return r;
    }
}
