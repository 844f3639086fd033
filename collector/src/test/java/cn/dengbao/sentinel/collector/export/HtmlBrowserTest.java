package cn.dengbao.sentinel.collector.export;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML export as an assessor's browser shows and prints it: Debian's headless Chromium without any CJK font on
 * the system (see {@link HeadlessChromium}) renders Chinese with the bundled font, the status/risk filters hide
 * rows, the Content-Security-Policy lets the bundled script run and reports nothing, and one host prints on A4 in
 * at most 8 pages.
 */
class HtmlBrowserTest {
    @TempDir
    static Path dir;
    static ChromeDriver driver;
    static Path oneHost;
    static Path fleet;

    @BeforeAll
    static void start() throws IOException {
        HeadlessChromium.assumeInstalled();
        driver = HeadlessChromium.withoutCjkFonts(dir.resolve("chromium"), 1280, 900);
        oneHost = write("one-host.html", DemoFleet.report(1));
        fleet = write("fleet.html", DemoFleet.report(4));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    static Path write(String name, ReportData d) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlExporter().write(d, out);
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    private static void open(Path file) {
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
        driver.get(file.toUri().toString());
    }

    /**
     * Two different characters drawn with the bundled family give two different, inked glyphs, while the system's
     * sans-serif draws both as the same missing-glyph box: the control that shows this browser really has no CJK font.
     */
    @Test
    @SuppressWarnings("unchecked")
    void chineseRendersWithTheBundledFontOnAMachineWithoutCjkFonts() {
        open(oneHost);
        Map<String, Object> r = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                function glyph(font, text) {
                  var c = document.createElement('canvas'); c.width = 64; c.height = 64;
                  var x = c.getContext('2d'); x.font = font; x.fillStyle = '#000'; x.fillText(text, 8, 48);
                  var d = x.getImageData(0, 0, 64, 64).data, ink = 0, sig = '';
                  for (var i = 3; i < d.length; i += 4) { if (d[i] > 127) { ink++; sig += i + ','; } }
                  return {ink: ink, sig: sig};
                }
                document.fonts.load('40px "Sentinel CJK"', '测评').then(function () {
                  var faces = [];
                  document.fonts.forEach(function (f) { faces.push(f.family + ':' + f.status); });
                  done({faces: faces.join(' '),
                        b1: glyph('40px "Sentinel CJK"', '测'), b2: glyph('40px "Sentinel CJK"', '评'),
                        s1: glyph('40px sans-serif', '测'), s2: glyph('40px sans-serif', '评'),
                        body: getComputedStyle(document.body).fontFamily});
                }, function (e) { done({error: String(e)}); });
                """);
        assertFalse(r.containsKey("error"), String.valueOf(r.get("error")));
        assertTrue(String.valueOf(r.get("faces")).contains("\"Sentinel CJK\":loaded")
                || String.valueOf(r.get("faces")).contains("Sentinel CJK:loaded"), String.valueOf(r.get("faces")));
        assertTrue(String.valueOf(r.get("body")).startsWith("\"Sentinel CJK\""), String.valueOf(r.get("body")));
        Map<String, Object> b1 = (Map<String, Object>) r.get("b1");
        Map<String, Object> b2 = (Map<String, Object>) r.get("b2");
        Map<String, Object> s1 = (Map<String, Object>) r.get("s1");
        Map<String, Object> s2 = (Map<String, Object>) r.get("s2");
        assertTrue(((Number) b1.get("ink")).intValue() > 50 && ((Number) b2.get("ink")).intValue() > 50, r.toString());
        assertNotEquals(b1.get("sig"), b2.get("sig"), "测 and 评 are two real glyphs in the bundled font");
        assertEquals(s1.get("sig"), s2.get("sig"), "control: without the bundled font both are the same tofu box");
    }

    @Test
    void statusAndRiskFiltersHideRows() {
        open(fleet);
        List<WebElement> rows = driver.findElements(By.cssSelector("tr[data-s]"));
        long pass = rows.stream().filter(r -> "PASS".equals(r.getDomAttribute("data-s"))).count();
        long high = rows.stream().filter(r -> "HIGH".equals(r.getDomAttribute("data-r"))).count();
        assertTrue(pass > 0 && high > 0 && rows.size() > pass + high, "the demo has passes, high risks and others");
        assertEquals(String.valueOf(rows.size()), shown(), "the script ran: every row shown");

        driver.findElement(By.cssSelector("#filters input[value='s:PASS']")).click();
        for (WebElement r : rows) {
            assertEquals(!"PASS".equals(r.getDomAttribute("data-s")), r.isDisplayed(), r.getText());
        }
        assertEquals(String.valueOf(rows.size() - pass), shown());
        for (WebElement detail : driver.findElements(By.cssSelector("tr[data-s=PASS] + tr.detail"))) {
            assertFalse(detail.isDisplayed(), "an item's rule details hide with it");
        }

        driver.findElement(By.cssSelector("#filters input[value='r:HIGH']")).click();
        for (WebElement r : rows) {
            boolean expected = !"PASS".equals(r.getDomAttribute("data-s")) && !"HIGH".equals(r.getDomAttribute("data-r"));
            assertEquals(expected, r.isDisplayed(), r.getText());
        }
        driver.findElement(By.cssSelector("#filters input[value='s:PASS']")).click();
        driver.findElement(By.cssSelector("#filters input[value='r:HIGH']")).click();
        assertEquals(String.valueOf(rows.size()), shown(), "ticking again shows everything again");

        driver.findElement(By.id("collapse")).click();
        assertFalse(driver.findElement(By.cssSelector("details.host")).getDomProperty("open").equals("true"));
        driver.findElement(By.id("expand")).click();
        assertEquals("true", driver.findElement(By.cssSelector("details.host")).getDomProperty("open"));
    }

    private static String shown() {
        return driver.findElement(By.id("shown")).getText();
    }

    /**
     * The page logs no CSP violation (and nothing else at warning level); a copy whose script was altered after
     * writing is refused by the same policy — the hash really is what lets the script run.
     */
    @Test
    void theContentSecurityPolicyAllowsTheBundledScriptOnly() throws IOException {
        open(fleet);
        assertFalse(shown().isEmpty(), "the script ran");
        List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList();
        assertEquals(List.of(), problems);

        String html = Files.readString(fleet, StandardCharsets.UTF_8);
        Path tampered = Files.writeString(dir.resolve("tampered.html"),
                html.replace("'use strict';", "'use strict'; document.title = 'x';"), StandardCharsets.UTF_8);
        open(tampered);
        assertEquals("", shown(), "the altered script did not run");
        String log = String.join("\n", driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList());
        assertTrue(log.contains("Content Security Policy"), log);
    }

    @Test
    void oneHostPrintsOnA4InAtMostEightPages() throws IOException {
        open(oneHost);
        PrintOptions options = new PrintOptions();
        options.setPageSize(PageSize.ISO_A4);
        options.setBackground(true);
        byte[] pdf = Base64.getDecoder().decode(driver.print(options).getContent());
        Files.write(dir.resolve("one-host.pdf"), pdf);
        String raw = new String(pdf, StandardCharsets.ISO_8859_1);
        int pages = count(Pattern.compile("/Type\\s*/Page[^s]"), raw);
        assertTrue(pages >= 2 && pages <= 8, "overview + one host on A4: " + pages + " pages");
        System.out.println("HtmlBrowserTest: one host prints on " + pages + " A4 pages");
        Matcher box = Pattern.compile("/MediaBox\\s*\\[\\s*0 0 ([0-9.]+) ([0-9.]+)").matcher(raw);
        assertTrue(box.find(), "a page size");
        assertEquals(595.3, Double.parseDouble(box.group(1)), 1.5, "A4 width in points (210 mm)");
        assertEquals(841.9, Double.parseDouble(box.group(2)), 1.5, "A4 height in points (297 mm)");
    }

    /**
     * Above 20 hosts the sections start folded; printing must unfold them (the script's beforeprint), or the paper
     * would hold 21 headings and no record. Each host's record heading is counted in the PDF's text.
     */
    @Test
    void aFoldedFleetPrintsUnfolded() throws IOException {
        ReportData four = DemoFleet.report(4);
        List<HostReport> many = new java.util.ArrayList<>();
        for (int i = 0; i <= HtmlExporter.OPEN_MAX_HOSTS; i++) {
            HostReport h = four.hosts().get(i % 4);
            many.add(new HostReport(h.host() + "-" + i, h.group(), h.scanId(), h.evaluation(), h.score(), h.asset(),
                    h.lifecycle(), h.history(), h.record()));
        }
        Path file = write("folded.html", new ReportData(four.scope(), four.generatedAt(), four.collectorId(),
                four.toolVersion(), many, four.groups(), four.kpi(), four.clauses(), four.formula2021(),
                four.formula2025(), four.times()));
        open(file);
        assertEquals(0, driver.findElements(By.cssSelector("details.host[open]")).size(), "folded on screen");
        PrintOptions options = new PrintOptions();
        options.setPageSize(PageSize.ISO_A4);
        byte[] pdf = Base64.getDecoder().decode(driver.print(options).getContent());
        Path out = Files.write(dir.resolve("folded.pdf"), pdf);
        int pages = count(Pattern.compile("/Type\\s*/Page[^s]"), new String(pdf, StandardCharsets.ISO_8859_1));
        System.out.println("HtmlBrowserTest: " + many.size() + " folded hosts print on " + pages + " A4 pages");
        assertTrue(pages > many.size() * 3, "every host's record printed, not just its heading: " + pages + " pages");
    }

    private static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
