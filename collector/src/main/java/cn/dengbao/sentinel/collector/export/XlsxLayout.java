package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.text.DisplayWidth;
import cn.dengbao.sentinel.collector.text.Escaping;
import org.dhatim.fastexcel.PaperSize;
import org.dhatim.fastexcel.Position;
import org.dhatim.fastexcel.Worksheet;

import java.util.List;

/**
 * How every table sheet of the workbook reads and prints: a bold wrapped header row that stays frozen on screen,
 * repeats on every printed page (print titles) and carries an autofilter; A4 landscape, fit to one page wide,
 * page numbers in the footer; text cells wrapped and top-aligned, each row as tall as its wrapped text. The height
 * is estimated here from {@link DisplayWidth} (a CJK character counts two) because readers do not fit rows of a
 * written file (LibreOffice shows one line per row without it). Widths are in Excel character units.
 */
final class XlsxLayout {
    /**
     * Body text is 10 pt under the workbook's 11 pt default (column units stay those of the 11 pt digit): a dense
     * record prints on fewer pages and still reads at about 7.5 pt when fitted to A4 width. Points per line: CJK
     * fonts have tall lines (Noto Sans CJK, which LibreOffice substitutes, 1.45 em; 等线 about 1.3 em).
     */
    static final int BODY_FONT = 10;
    private static final double LINE_HEIGHT = 14.5;
    /**
     * Half-width characters per unit of column width. A unit is the width of a digit of the workbook font (等线, the
     * zh-CN Office default): its CJK glyphs are about 1.83 digits wide, so 2 / 1.83 ≈ 1.1. LibreOffice, substituting
     * the font, fits about 1.3 — rows then keep some white space, which is better than Excel hiding a line.
     */
    private static final double CHARS_PER_UNIT = 1.1 * 11 / BODY_FONT;
    /** Excel's limit for a row height. */
    private static final double MAX_HEIGHT = 409.0;

    private XlsxLayout() {
    }

    /** Page setup and header row of a table sheet whose header is on {@code headerRow}. */
    static void table(Worksheet ws, int headerRow, List<String> headers, double[] widths) {
        for (int c = 0; c < widths.length; c++) {
            ws.width(c, widths[c]);
        }
        for (int c = 0; c < headers.size(); c++) {
            ws.value(headerRow, c, Escaping.cell(headers.get(c)));
        }
        ws.range(headerRow, 0, headerRow, headers.size() - 1).style().bold().fillColor("DDE3EA").wrapText(true)
                .verticalAlignment("center").horizontalAlignment("center").borderStyle("thin").set();
        ws.rowHeight(headerRow, height(headers, widths, 1));
        ws.freezePane(0, headerRow + 1);
        print(ws);
        ws.repeatRows(headerRow);
    }

    /** A4 landscape, one page wide (as many pages tall as needed), narrow margins, "第 N 页 / 共 M 页" in the footer. */
    static void print(Worksheet ws) {
        ws.paperSize(PaperSize.A4_PAPER);
        ws.pageOrientation("landscape");
        ws.setFitToPage(true);
        ws.fitToWidth((short) 1);
        ws.fitToHeight((short) 0);
        ws.leftMargin(0.4f);
        ws.rightMargin(0.4f);
        ws.topMargin(0.4f);
        ws.bottomMargin(0.5f);
        ws.headerMargin(0.2f);
        ws.footerMargin(0.25f);
        ws.footer("第 &P 页 / 共 &N 页", Position.CENTER);
        ws.footer(ws.getName(), Position.LEFT);
    }

    /** The autofilter over the header and the rows written below it. */
    static void filter(Worksheet ws, int headerRow, int lastRow, int columns) {
        ws.setAutoFilter(headerRow, 0, Math.max(headerRow, lastRow), columns - 1);
    }

    /** Writes a row of text cells (neutralised), wraps and top-aligns them, and sizes the row to its text. */
    static void row(Worksheet ws, int r, List<String> cells, double[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            ws.value(r, c, Escaping.cell(cells.get(c)));
        }
        ws.range(r, 0, r, cells.size() - 1).style().wrapText(true).verticalAlignment("top").borderStyle("thin")
                .borderColor("B0B7BF").fontSize(BODY_FONT).set();
        ws.rowHeight(r, height(cells, widths, 1));
    }

    /** Height in points for the wrapped text of a row: the tallest cell's line count (at least {@code min}). */
    static double height(List<String> cells, double[] widths, int min) {
        int lines = min;
        for (int c = 0; c < cells.size() && c < widths.length; c++) {
            lines = Math.max(lines, lines(cells.get(c), widths[c]));
        }
        return Math.min(MAX_HEIGHT, lines * LINE_HEIGHT + 4);
    }

    /** Lines a text takes in a column {@code width} characters wide (each of its lines wrapped). */
    static int lines(String s, double width) {
        if (s == null || s.isEmpty()) {
            return 1;
        }
        int usable = Math.max(1, (int) Math.floor((width - 1) * CHARS_PER_UNIT));
        int n = 0;
        int start = 0;
        while (start <= s.length()) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl;
            int w = DisplayWidth.of(s.substring(start, end));
            n += Math.max(1, (w + usable - 1) / usable);
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return n;
    }
}
