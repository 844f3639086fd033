package cn.dengbao.sentinel.collector.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    /** The display column where each cell of a line starts, cells being separated by two or more spaces. */
    private static List<Integer> starts(String line) {
        List<Integer> out = new ArrayList<>();
        int col = 0;
        boolean inCell = false;
        int spaces = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            if (cp == ' ') {
                spaces++;
            } else {
                if (!inCell || spaces >= 2) {
                    out.add(col);
                }
                inCell = true;
                spaces = 0;
            }
            col += DisplayWidth.of(cp);
            i += Character.charCount(cp);
        }
        return out;
    }

    @Test
    void columnsLineUpUnderChineseTitles() {
        String t = new TextTable("主机", "分组", "得分(2021)", "等级", "结论")
                .row("web-01", "生产", "93", "良", "基本符合")
                .row("db-server-long-name", "g", "100", "优", "符合")
                .row("数据库服务器", "测试环境", "-", "无法估算", "无法估算")
                .toString();
        List<String> lines = t.lines().toList();
        assertEquals(5, lines.size(), t);
        List<Integer> header = starts(lines.get(0));
        assertEquals(5, header.size(), t);
        for (String line : lines) {
            assertEquals(header, starts(line), "columns of\n" + t);
            assertEquals(line.stripTrailing(), line, "no trailing spaces");
        }
        assertTrue(lines.get(1).matches("[- ]+"), "a rule under the header: " + lines.get(1));
    }

    @Test
    void cellsAreCleanedAndFitted() {
        String t = new TextTable("条款", "标题").maxWidth(1, 8)
                .row("8.1.4.1a", "口令复杂度要求与定期更换")
                .row("x\u001b[2J", "line1\nline2")
                .toString();
        assertFalse(t.contains("\u001b"), t);
        assertEquals(4, t.lines().count(), "a line break in a cell does not add a line: " + t);
        assertTrue(t.contains("口令复…"), t);
        for (String line : t.lines().toList()) {
            assertTrue(DisplayWidth.of(line) <= 8 + 2 + 8, line);
        }
    }

    @Test
    void nullCellsAreEmptyAndSizeCountsRows() {
        TextTable t = new TextTable("a", "b");
        assertEquals(0, t.size());
        t.row(null, 1);
        assertEquals(1, t.size());
        assertEquals(List.of("a  b", "-  -", "   1"), t.toString().lines().toList());
    }
}
