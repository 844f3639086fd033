package cn.dengbao.sentinel.collector.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DisplayWidthTest {
    @Test
    void wideAndFullwidthCountTwo() {
        assertEquals(4, DisplayWidth.of("条款"));
        assertEquals(2, DisplayWidth.of("（"));              // fullwidth punctuation
        assertEquals(2, DisplayWidth.of("\u3000"));          // ideographic space
        assertEquals(2, DisplayWidth.of("한"));
        assertEquals(2, DisplayWidth.of("\uD840\uDC00"));    // U+20000, CJK extension B (a surrogate pair)
        assertEquals(2, DisplayWidth.of("\uD83D\uDE00"));    // emoji
        assertEquals(10, DisplayWidth.of("得分(2021)"));     // 2 wide + 6 narrow
    }

    @Test
    void combiningAndFormatCharactersCountZero() {
        assertEquals(1, DisplayWidth.of("e\u0301"));         // e + combining acute
        assertEquals(2, DisplayWidth.of("a\u200Bb"));        // zero-width space
        assertEquals(4, DisplayWidth.of("\uD83D\uDC68\u200D\uD83D\uDCBB"));   // two emoji joined by ZWJ
        assertEquals(0, DisplayWidth.of((String) null));
    }

    @Test
    void narrowStaysOne() {
        assertEquals(5, DisplayWidth.of("abc-_"));
        assertEquals(1, DisplayWidth.of("é"));
        assertEquals(1, DisplayWidth.of("\uFF61"));          // halfwidth ideographic full stop
    }

    @Test
    void fitCutsByColumnsAndNeverSplitsAWideCharacter() {
        assertEquals("口令…", DisplayWidth.fit("口令复杂度", 6));
        assertEquals("口令…", DisplayWidth.fit("口令复杂度", 5));   // 口令 + a half 复 would be 6
        assertEquals("short", DisplayWidth.fit("short", 5));
        assertEquals("ab…", DisplayWidth.fit("abcdef", 3));
        assertEquals("e\u0301…", DisplayWidth.fit("e\u0301e\u0301e\u0301", 2));
    }

    @Test
    void padFillsToDisplayWidth() {
        assertEquals("条款  ", DisplayWidth.pad("条款", 6));
        assertEquals("条款", DisplayWidth.pad("条款", 3));
    }
}
