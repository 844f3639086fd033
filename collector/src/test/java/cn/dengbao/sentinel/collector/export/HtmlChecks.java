package cn.dengbao.sentinel.collector.export;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks shared by the tests of every path that writes the HTML report (export, evaluate --format html). */
public final class HtmlChecks {
    private HtmlChecks() {
    }

    /**
     * The only script is the bundled filter script, word for word, at the end of the body, and the CSP lets exactly
     * it run (its hash, no 'unsafe-inline', no source list): no <script> element may come out of data.
     */
    public static void assertOnlyTheBundledScript(Document doc) {
        Elements scripts = doc.select("script");
        assertEquals(1, scripts.size(), "one script only, the bundled one: " + scripts);
        Element s = scripts.first();
        assertEquals(0, s.attributes().size(), "no src, no type tricks: " + s.attributes());
        assertEquals(HtmlAssets.get().script, s.data(), "the bundled filter script, unchanged");
        assertEquals(doc.body(), s.parent());
        String csp = doc.select("meta[http-equiv=Content-Security-Policy]").attr("content");
        String scriptSrc = csp.substring(csp.indexOf("script-src"));
        assertEquals("script-src '" + HtmlAssets.scriptHash(s.data()) + "'", scriptSrc.split(";")[0].trim(), csp);
        assertTrue(csp.contains("default-src 'none'"), csp);
    }
}
