package cn.dengbao.sentinel.collector.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlainTextTest {
    @Test
    void escapeSequencesAndControlsAreReplacedVisibly() {
        assertEquals("db-\uFFFD[31m01", PlainText.oneLine("db-\u001b[31m01"));
        assertEquals("a\uFFFDb\uFFFDc\uFFFD", PlainText.oneLine("a\u0000b\u007fc\u009b"));   // NUL, DEL, C1 CSI
    }

    @Test
    void lineBreaksAndTabsBecomeSpaces() {
        assertEquals("l1 l2 l3 x y", PlainText.oneLine("l1\nl2\r\nl3\tx\u2028y").replace("  ", " "));
        assertFalse(PlainText.oneLine("a\r\nb\u0085c\u2029d").chars().anyMatch(c -> c == '\n' || c == '\r'));
    }

    @Test
    void bidiControlsCannotReorderTheLine() {
        assertEquals("evil\uFFFDtxt.exe", PlainText.oneLine("evil\u202Etxt.exe"));
        assertEquals("\uFFFDa\uFFFD", PlainText.oneLine("\u2067a\u2069"));
    }

    @Test
    void cleanTextIsReturnedAsIs() {
        String s = "主机 web-01 （生产）";
        assertSame(s, PlainText.oneLine(s));
        assertEquals("", PlainText.oneLine(null));
    }

    @Test
    void clipNeverSplitsASurrogatePair() {
        assertEquals("ab", PlainText.clip("ab\uD840\uDC00", 3));
        assertEquals("ab\uD840\uDC00", PlainText.clip("ab\uD840\uDC00", 4));
        assertEquals("abc", PlainText.clip("abc", 10));
        assertNull(PlainText.clip(null, 3));
    }

    @Test
    void cleanClipsStripsAndCleans() {
        assertEquals("host\uFFFDname", PlainText.clean("  host\u0007name\n", 100));
        assertEquals("abc", PlainText.clean("abcdef", 3));
        assertEquals("", PlainText.clean(null, 3));
    }

    @Test
    void abbreviateMarksTheCut() {
        assertEquals("abc…", PlainText.abbreviate("abcdef", 3));
        assertEquals("a\uFFFDc", PlainText.abbreviate("a\u001bc", 3));
    }

    @Test
    void isPlainRefusesControlsAndOverlongValues() {
        assertTrue(PlainText.isPlain("/var/lib/sentinel", 64));
        assertFalse(PlainText.isPlain("a\nb", 64));
        assertFalse(PlainText.isPlain("a\u2028b", 64));
        assertFalse(PlainText.isPlain("abcdef", 5));
    }
}
