package cn.dengbao.sentinel.collector.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EscapingTest {
    @Test
    void htmlEscapesTheFiveCharacters() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", Escaping.html("<script>alert(1)</script>"));
        assertEquals("a &amp; b &quot;c&quot; &#39;d&#39;", Escaping.html("a & b \"c\" 'd'"));
        assertEquals("中文不变\n第二行", Escaping.html("中文不变\n第二行"));
        assertEquals("", Escaping.html(null));
        assertEquals("x\uFFFDy", Escaping.html("x\u0000y"));
        assertEquals("&amp;lt;", Escaping.html("&lt;"));   // already-escaped text is escaped again, shown literally
    }

    @Test
    void cellNeutralisesFormulaStarters() {
        assertEquals("'=HYPERLINK(\"http://x\",\"y\")", Escaping.cell("=HYPERLINK(\"http://x\",\"y\")"));
        assertEquals("'+1", Escaping.cell("+1"));
        assertEquals("'-2+3", Escaping.cell("-2+3"));
        assertEquals("'@SUM(A1)", Escaping.cell("@SUM(A1)"));
        assertEquals("'\tx", Escaping.cell("\tx"));
        assertEquals("'\rx", Escaping.cell("\rx"));
        assertEquals("a=b", Escaping.cell("a=b"));
        assertEquals("符合", Escaping.cell("符合"));
        assertEquals("", Escaping.cell(""));
    }

    @Test
    void cellReplacesCharactersXmlCannotHold() {
        assertEquals("a\uFFFDb", Escaping.cell("a\u0001b"));
        assertEquals("a\uFFFDb", Escaping.cell("a\uD800b"));      // lone surrogate
        assertEquals("a\uD83D\uDE00b", Escaping.cell("a\uD83D\uDE00b"));  // a valid pair stays
    }

    @Test
    void csvFieldQuotesPerRfc4180() {
        assertEquals("plain", Escaping.csvField("plain"));
        assertEquals("\"a,b\"", Escaping.csvField("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Escaping.csvField("say \"hi\""));
        assertEquals("\"l1\nl2\"", Escaping.csvField("l1\nl2"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", Escaping.csvField("=HYPERLINK(\"http://x\",\"y\")"));
    }
}
