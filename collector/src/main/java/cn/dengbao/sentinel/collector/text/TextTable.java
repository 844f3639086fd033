package cn.dengbao.sentinel.collector.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-text table every command prints: a header, a rule of dashes, then the rows, columns two spaces apart
 * and padded by display width so they line up under Chinese text. Every cell goes through
 * {@link PlainText#oneLine}, so a value a host sent can neither break a row nor reach the terminal as an escape
 * sequence. The last column is not padded and no line ends in spaces.
 */
public final class TextTable {
    private static final String GAP = "  ";

    private final List<List<String>> rows = new ArrayList<>();
    private final Map<Integer, Integer> maxWidths = new HashMap<>();

    public TextTable(String... header) {
        rows.add(clean(header));
    }

    /** Cells of column {@code column} (0-based) are cut to {@code width} display columns, ending in "…" when cut. */
    public TextTable maxWidth(int column, int width) {
        maxWidths.put(column, width);
        return this;
    }

    /** A row; null cells are empty, anything else is shown by its {@code toString()}. */
    public TextTable row(Object... cells) {
        rows.add(clean(cells));
        return this;
    }

    /** Rows added, not counting the header. */
    public int size() {
        return rows.size() - 1;
    }

    private static List<String> clean(Object[] cells) {
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) {
            r.add(c == null ? "" : PlainText.oneLine(c.toString()));
        }
        return r;
    }

    @Override
    public String toString() {
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        List<List<String>> fitted = new ArrayList<>(rows.size());
        int[] widths = new int[cols];
        for (List<String> r : rows) {
            List<String> f = new ArrayList<>(r.size());
            for (int i = 0; i < r.size(); i++) {
                Integer max = maxWidths.get(i);
                String cell = max == null ? r.get(i) : DisplayWidth.fit(r.get(i), max);
                f.add(cell);
                widths[i] = Math.max(widths[i], DisplayWidth.of(cell));
            }
            fitted.add(f);
        }
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < fitted.size(); n++) {
            line(b, fitted.get(n), widths);
            if (n == 0) {
                List<String> rule = new ArrayList<>(cols);
                for (int w : widths) {
                    rule.add("-".repeat(w));
                }
                line(b, rule, widths);
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] widths) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                l.append(GAP);
            }
            l.append(i == cells.size() - 1 ? cells.get(i) : DisplayWidth.pad(cells.get(i), widths[i]));
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
