package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.collector.score.HostScore;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML report's structure on the demo fleet: navigation, one counting rule, item rows in clause order, print. */
class HtmlExportTest {
    private static final ReportData FLEET = DemoFleet.report(4);

    private static Document html(ReportData d) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlExporter().write(d, out);
        return Jsoup.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyInPageLinkLeadsSomewhere() throws IOException {
        Document doc = html(FLEET);
        List<Element> links = doc.select("a[href^=#]");
        assertTrue(links.size() > 10);
        for (Element a : links) {
            assertNotNull(doc.getElementById(a.attr("href").substring(1)), a.outerHtml());
        }
        assertEquals(FLEET.hosts().size(), doc.select("nav.toc a[href^=#host-]").size(), "every host in the contents");
        assertEquals(FLEET.hosts().size(), doc.select("section.host > details.host[open] > summary").size(),
                "one collapsible section per host, open for a small fleet");
    }

    /** The risk chart is the sum of the host table's columns (the bug: a chart of 高 5 beside a table of 高 4). */
    @Test
    void chartsCountLikeTheTables() throws IOException {
        Document doc = html(FLEET);
        List<String> bars = doc.select("#overview svg[aria-label=风险分布] text.count").eachText();
        int high = 0;
        int medium = 0;
        int accepted = 0;
        for (HostReport h : FLEET.hosts()) {
            high += h.record().counts().highRiskOpen();
            medium += h.record().counts().mediumRiskOpen();
            accepted += h.record().counts().acceptedRisks();
            assertEquals(h.score().highRiskOpen(), h.record().counts().highRiskOpen(), "the score's count, too");
        }
        assertTrue(high > 0 && medium > 0 && accepted > 0, "the demo has open high and medium and accepted risks");
        assertEquals(List.of(String.valueOf(high), String.valueOf(medium), String.valueOf(accepted)), bars);
        int col = doc.select("#hosts thead th").eachText().indexOf("高风险");
        int sum = 0;
        for (Element row : doc.select("#hosts tbody tr")) {
            sum += Integer.parseInt(row.select("td").get(col).text());
        }
        assertEquals(high, sum);

        // each host's stacked bar counts items exactly like its score line
        List<Element> hostBars = doc.select("#hosts tbody tr svg title");
        for (int i = 0; i < FLEET.hosts().size(); i++) {
            HostScore s = FLEET.hosts().get(i).score();
            String title = hostBars.get(i).text();
            assertTrue(title.startsWith("符合 " + s.passed() + " ") || s.passed() == 0, title);
            assertTrue(title.contains("不符合 " + s.failed()) || s.failed() == 0, title);
            assertTrue(title.contains("不适用 " + s.notApplicable()) || s.notApplicable() == 0, title);
            int items = 0;
            for (String part : title.split(" ")) {
                if (part.matches("\\d+")) {
                    items += Integer.parseInt(part);
                }
            }
            assertEquals(s.items().size(), items, title);
        }
    }

    /** One row per 测评指标 in clause order (8.1.4.1a … 8.1.4.10a, never 8.1.4.10a before 8.1.4.2a). */
    @Test
    void theRecordHasOneRowPerItemInClauseOrder() throws IOException {
        Document doc = html(FLEET);
        for (int i = 0; i < FLEET.hosts().size(); i++) {
            HostReport h = FLEET.hosts().get(i);
            List<Element> rows = doc.select("#host-" + i + " table.record > tbody > tr[data-s]");
            List<String> expected = new ArrayList<>();
            for (ItemRow r : h.record().items()) {
                expected.add(r.clause());
            }
            assertEquals(34, expected.size(), "every 测评指标 of 8.1.4");
            List<String> shown = rows.stream().map(r -> r.child(1).selectFirst("b").text()).toList();
            assertEquals(expected, shown, h.host());
            for (int k = 0; k < rows.size(); k++) {
                assertEquals(h.record().items().get(k).status().name(), rows.get(k).attr("data-s"));
            }
            assertTrue(shown.indexOf("8.1.4.2a") < shown.indexOf("8.1.4.10a"), shown.toString());
            assertTrue(shown.indexOf("8.1.4.9c") < shown.indexOf("8.1.4.10a"), shown.toString());
        }
    }

    /** A decision shows its reason, who made it and when, on the item and in the rule's detail row (revoked too). */
    @Test
    void decisionsCarryReasonWhoAndWhen() throws IOException {
        Document doc = html(ReportFixtures.withDecisions());
        Element item = doc.select("table.record > tbody > tr[data-s]").stream()
                .filter(r -> r.child(1).text().startsWith("8.1.4.1c")).findFirst().orElseThrow();
        String decision = item.select("div.decision").text();
        assertTrue(decision.contains("风险已接受") && decision.contains(ReportFixtures.DECISION_REASON)
                && decision.contains(ReportFixtures.DECISION_BY) && decision.contains("2026-03-20 10:00"), decision);
        String rules = doc.select("table.rules").text();
        assertTrue(rules.contains("已撤销") && rules.contains("系统不使用口令登录") && rules.contains("王五"), rules);
        assertTrue(doc.select("details.rect table.rect").text().contains("扫描 #7：deny=5"), "the rectification record");
    }

    @Test
    void evidenceShowsFileAndLine() throws IOException {
        Document doc = html(FLEET);
        assertTrue(doc.select("code.src").eachText().stream().anyMatch(t -> t.matches("/etc/[\\w/.-]+:\\d+")),
                doc.select("code.src").eachText().toString());
    }

    @Test
    void printsOnA4WithAPageBreakPerHostAndWithoutTheFilters() throws IOException {
        Document doc = html(FLEET);
        String css = doc.select("style").html();
        assertTrue(css.contains("@page{size:A4"), "A4 paper");
        assertTrue(css.contains("section.host{break-before:page}"), "one host per page start");
        assertTrue(css.contains("#filters,.noprint{display:none}"));
        assertTrue(css.contains("@font-face{font-family:\"Sentinel CJK\""), "the bundled font");
        assertFalse(doc.select("#filters").isEmpty());
        HtmlChecks.assertOnlyTheBundledScript(doc);
    }

    @Test
    void aLargeFleetGetsAGroupMatrixAndFoldedHosts() throws IOException {
        List<HostReport> many = new ArrayList<>();
        for (int i = 0; i < HtmlExporter.MATRIX_MAX_HOSTS + 1; i++) {
            HostReport h = FLEET.hosts().get(i % FLEET.hosts().size());
            many.add(new HostReport(h.host() + "-" + i, h.group(), h.scanId(), h.evaluation(), h.score(), h.asset(),
                    h.lifecycle(), h.history(), h.record()));
        }
        ReportData d = new ReportData(FLEET.scope(), FLEET.generatedAt(), FLEET.collectorId(), FLEET.toolVersion(), many,
                FLEET.groups(), FLEET.kpi(), FLEET.clauses(), FLEET.formula2021(), FLEET.formula2025(), FLEET.times());
        Document doc = html(d);
        assertEquals(List.of("安全控制点", "测评指标", "生产区（24 台）", "办公区（7 台）"),
                doc.select("#matrix thead th").eachText());
        assertTrue(doc.select("details.host[open]").isEmpty(), "31 hosts start folded");
    }
}
