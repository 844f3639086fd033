package cn.dengbao.sentinel.collector.export;

import java.util.ArrayList;
import java.util.List;

/** Plain-text table for the terminal; pads by display width so CJK columns line up. */
public final class TextTable {
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        rows.add(List.of(header));
    }

    public TextTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            // terminals interpret control characters: never print an agent's raw escape sequences
            r.add(c == null ? "" : c.toString().replaceAll("\\p{Cntrl}", "?"));
        }
        rows.add(r);
        return this;
    }

    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
                    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
                    || (cp >= 0xffe0 && cp <= 0xffe6)) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    @Override
    public String toString() {
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[cols];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], width(r.get(i)));
            }
        }
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            List<String> r = rows.get(n);
            for (int i = 0; i < r.size(); i++) {
                b.append(r.get(i));
                if (i < r.size() - 1) {
                    b.append(" ".repeat(widths[i] - width(r.get(i)) + 2));
                }
            }
            b.append('\n');
            if (n == 0) {
                for (int i = 0; i < cols; i++) {
                    b.append("-".repeat(widths[i])).append(i < cols - 1 ? "  " : "");
                }
                b.append('\n');
            }
        }
        return b.toString();
    }
}
