package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.engine.ClauseCatalog;
import cn.dengbao.sentinel.checks.engine.ClauseItem;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workbook as a reader sees it: Apache POI (an independent implementation) reads back the print setup, wrap,
 * outline levels, filters and frozen headers; LibreOffice headless prints it to PDF and poppler's pdfinfo counts
 * the pages (skipped with a message where they are not installed; CI installs libreoffice-calc-nogui and
 * poppler-utils).
 */
class XlsxReadsAndPrintsTest {
    private static final List<String> CATALOG = ClauseCatalog.level3Host().items().stream().map(ClauseItem::clause).toList();

    private static byte[] xlsx(ReportData d) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new XlsxExporter().write(d, out);
        return out.toByteArray();
    }

    @Test
    void thirtyFourItemRowsPerHostInClauseOrderWithRulesAsCollapsedOutline() throws Exception {
        ReportData d = ReportFixtures.sample();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx(d)))) {
            XSSFSheet s = wb.getSheet("测评记录");
            assertEquals(XlsxRecordSheet.HEADERS, strings(s.getRow(0)));
            for (HostReport h : d.hosts()) {
                List<String> items = new ArrayList<>();
                int details = 0;
                for (int i = 1; i <= s.getLastRowNum(); i++) {
                    Row r = s.getRow(i);
                    if (!h.host().equals(cellText(r, 0).replaceFirst("^'", ""))) {
                        continue;
                    }
                    if (r.getOutlineLevel() == 0) {
                        items.add(cellText(r, 2).split(" ")[0]);
                        assertFalse(r.getZeroHeight());
                    } else {
                        details++;
                        assertEquals(1, r.getOutlineLevel());
                        assertTrue(r.getZeroHeight(), "detail rows start collapsed");
                        assertTrue(cellText(r, 2).startsWith("└ 规则 "));
                    }
                }
                assertEquals(CATALOG, items, "34 测评指标 per host in clause order");
                assertEquals(5, details, "the host's five rules as detail rows");
            }
            Row first = s.getRow(1);
            assertTrue(cellText(first, 2).contains("应对登录的用户进行身份标识和鉴别"), "the standard's wording");
            assertTrue(cellText(first, 3).contains("\n"), "a multi-line 结果记录");
            assertTrue(first.getCell(3).getCellStyle().getWrapText(), "wrap on");
            assertTrue(first.getHeightInPoints() >= 2 * 14, "row height sized to its lines (LibreOffice does not fit it)");
        }
    }

    @Test
    void everyRowIsWrittenOnceInOrder(@TempDir Path dir) throws Exception {
        Path x = dir.resolve("two-hosts.xlsx");
        Files.write(x, xlsx(ReportFixtures.sample()));
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(x.toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(z.entries())) {
                if (!e.getName().startsWith("xl/worksheets/sheet")) {
                    continue;
                }
                Matcher m = Pattern.compile("<row r=\"(\\d+)\"").matcher(
                        new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
                int last = 0;
                while (m.find()) {
                    int row = Integer.parseInt(m.group(1));
                    assertTrue(row > last, e.getName() + ": row " + row + " after " + last + " (Excel refuses the file)");
                    last = row;
                }
            }
        }
    }

    @Test
    void everyTableSheetIsA4LandscapeOnePageWideWithFrozenRepeatedFilteredHeader() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx(ReportFixtures.withDecisions())))) {
            List<String> names = new ArrayList<>();
            wb.forEach(sh -> names.add(sh.getSheetName()));
            assertEquals(List.of("汇总", "测评记录", "整改记录", "重大风险隐患整改"), names);
            for (int i = 0; i < wb.getNumberOfSheets(); i++) {
                XSSFSheet s = wb.getSheetAt(i);
                PrintSetup p = s.getPrintSetup();
                assertEquals(PrintSetup.A4_PAPERSIZE, p.getPaperSize(), s.getSheetName());
                assertTrue(p.getLandscape(), s.getSheetName());
                assertTrue(s.getFitToPage(), s.getSheetName());
                assertEquals(1, p.getFitWidth(), s.getSheetName());
                assertEquals(0, p.getFitHeight(), s.getSheetName());
                assertNotNull(s.getCTWorksheet().getAutoFilter(), "autofilter on " + s.getSheetName());
                if (i > 0) {   // 汇总 holds several tables: no one header repeats over all of it
                    assertNotNull(s.getRepeatingRows(), "print titles on " + s.getSheetName());
                    assertEquals(1, s.getPaneInformation().getHorizontalSplitPosition(), "frozen header " + s.getSheetName());
                    assertTrue(s.getRow(0).getCell(0).getCellStyle().getWrapText());
                }
            }
        }
    }

    @Test
    void decisionsWithReasonWhoAndWhenAreInTheRecordAndTheRectificationSheet() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx(ReportFixtures.withDecisions())))) {
            String record = sheetText(wb.getSheet("测评记录"));
            assertTrue(record.contains(ReportFixtures.DECISION_REASON));
            assertTrue(record.contains("1. 检查项 ssh-plaintext：不符合，结论说明 ssh-plaintext（风险已接受：" + ReportFixtures.DECISION_REASON + "）"), record);
            assertTrue(record.contains("处置人：" + ReportFixtures.DECISION_BY));
            assertTrue(record.contains("处置时间：2026-03-20 10:00:00 +08:00"));
            assertTrue(record.contains("已撤销，2026-03-04 08:00:00 +08:00，王五：仍有口令登录账户"));
            XSSFSheet rect = wb.getSheet("整改记录");
            assertEquals(RectificationRow.HEADERS, strings(rect.getRow(0)));
            List<String> lock = strings(rect.getRow(2));
            assertEquals("lockout", lock.get(2));
            assertEquals("已整改", lock.get(7));
            assertEquals("#7", lock.get(8));
            assertEquals("2", lock.get(10));
            assertEquals("扫描 #6：deny 未配置", lock.get(12));
            assertEquals("扫描 #7：deny=5", lock.get(13));
            assertTrue(lock.get(14).startsWith("1 次："));
            assertTrue(strings(rect.getRow(3)).get(15).contains(ReportFixtures.DECISION_REASON));
            // by the counting rule an accepted risk is not an open high risk: the summary's high-risk block is empty
            String summary = sheetText(wb.getSheet("汇总"));
            assertTrue(summary.contains(XlsxExporter.HIGH_BLOCK + "\n"));
            assertFalse(summary.contains("ssh-plaintext"), summary);
        }
    }

    @Test
    void oneHostPrintsOnAtMostSixA4Pages(@TempDir Path dir) throws Exception {
        String office = firstOnPath("soffice", "libreoffice");
        String pdfinfo = firstOnPath("pdfinfo");
        Assumptions.assumeTrue(office != null && pdfinfo != null,
                "LibreOffice (soffice) or pdfinfo (poppler-utils) not installed: page count not checked");
        Path x = dir.resolve("record.xlsx");
        Files.write(x, xlsx(realisticHost()));
        if (System.getProperty("keepXlsx") != null) {
            Files.copy(x, Path.of(System.getProperty("keepXlsx")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(office, "-env:UserInstallation=" + dir.resolve("profile").toUri(), "--headless",
                "--convert-to", "pdf", "--outdir", dir.toString(), x.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "soffice did not finish");
        Path pdf = dir.resolve("record.pdf");
        assertTrue(Files.exists(pdf), "no PDF: " + log);
        Process info = new ProcessBuilder(pdfinfo, pdf.toString()).redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(30, TimeUnit.SECONDS);
        Matcher pages = Pattern.compile("Pages:\\s+(\\d+)").matcher(out);
        assertTrue(pages.find(), out);
        Matcher size = Pattern.compile("Page size:\\s+([\\d.]+) x ([\\d.]+)").matcher(out);
        assertTrue(size.find(), out);
        // A4 landscape: 842 x 595 pt
        assertEquals(842, Double.parseDouble(size.group(1)), 2, out);
        assertEquals(595, Double.parseDouble(size.group(2)), 2, out);
        int n = Integer.parseInt(pages.group(1));
        System.out.println("1-host workbook printed by LibreOffice: " + n + " A4 pages");
        assertTrue(n <= 6, "1-host export prints on " + n + " pages");
    }

    /** A Debian host as the built-in rules judge it (every rule, real evidence), exported from one evaluation. */
    static ReportData realisticHost() {
        String root = System.getenv("SENTINEL_DEBIAN12_ROOT");
        // a real Debian 12 root read by the real probes where CI provides one, else the fixtures' compliant host
        cn.dengbao.sentinel.proto.Facts facts = root != null && !root.isBlank()
                ? new cn.dengbao.sentinel.probes.FactsCollector().collect(
                        new cn.dengbao.sentinel.probes.access.RootDirAccess(Path.of(root)), List.of())
                : cn.dengbao.sentinel.testkit.FactsFixtures.compliantHost().build();
        cn.dengbao.sentinel.proto.Evaluation ev = new cn.dengbao.sentinel.checks.engine.RuleEngine(
                cn.dengbao.sentinel.checks.engine.RuleCatalog.builtIn(), cn.dengbao.sentinel.checks.engine.Profile.builtIn())
                .evaluate(facts, java.util.Map.of());
        return EvaluationReportSource.build(facts, ev, "prod", ReportFixtures.NOW, ReportFixtures.BEIJING);
    }

    static String firstOnPath(String... names) {
        for (String n : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path c = Path.of(dir, n);
                if (Files.isExecutable(c)) {
                    return c.toString();
                }
            }
        }
        return null;
    }

    private static String cellText(Row r, int c) {
        return r == null || r.getCell(c) == null ? "" : r.getCell(c).toString();
    }

    private static List<String> strings(Row r) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < r.getLastCellNum(); c++) {
            out.add(cellText(r, c));
        }
        return out;
    }

    private static String sheetText(XSSFSheet s) {
        StringBuilder b = new StringBuilder();
        s.forEach(r -> r.forEach(c -> b.append(c.toString()).append('\n')));
        return b.toString();
    }
}
