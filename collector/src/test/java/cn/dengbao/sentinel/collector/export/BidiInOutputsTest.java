package cn.dengbao.sentinel.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A host may send text with bidirectional controls ({@code invoice‮gnp.exe} shows as "invoiceexe.png"): no export
 * lets one act on whoever opens it. The spreadsheet, CSV and HTML show a replacement character instead; the JSON
 * keeps the exact value behind a {@code \\u202e} escape, so a parser still reads what the host sent.
 */
class BidiInOutputsTest {
    private static final Instant AT = Instant.parse("2026-03-31T00:00:00Z");
    private static final String HOSTILE = "invoice\u202Egnp.exe";

    private static byte[] export(ExportFormat f) throws Exception {
        Facts facts = Facts.newBuilder().setHost(HostInfo.newBuilder().setHostname("web-01")
                .setCollectedAtEpochMs(AT.toEpochMilli())).build();
        Evaluation ev = Evaluation.newBuilder().setHost("web-01").setReportId("r-1").setProfile("default")
                .setEvaluatedAtEpochMs(AT.toEpochMilli())
                .addFindings(Finding.newBuilder().setRuleId("backup-jobs").setClause("8.1.4.9a").setTitle("备份任务")
                        .setStatus(Status.FAIL).setRisk(Risk.MEDIUM).setMessage("发现任务 " + HOSTILE)
                        .addEvidence(Evidence.newBuilder().setText(HOSTILE)
                                .setSource(Source.newBuilder().setPath("/etc/cron.d/" + HOSTILE).setLine(1).setExcerpt(HOSTILE))))
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.exporter().write(EvaluationReportSource.build(facts, ev, "prod", AT, Times.system()), out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void noExportCarriesALiveBidiControl(ExportFormat f) throws Exception {
        byte[] bytes = export(f);
        String text;
        if (f == ExportFormat.XLSX) {
            StringBuilder all = new StringBuilder();
            try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes))) {
                wb.getSheets().forEach(sheet -> {
                    try {
                        sheet.openStream().forEach(r -> r.forEach(c -> all.append(c.getText()).append('\t')));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            text = all.toString();
        } else {
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        assertFalse(text.contains("\u202E"), f + " carries U+202E");
        if (f == ExportFormat.JSON) {
            assertTrue(text.contains("invoice\\u202egnp.exe"), "the JSON keeps the value behind an escape");
            assertTrue(new ObjectMapper().readTree(bytes).toString().contains(HOSTILE), "and parses back to it");
        } else {
            assertTrue(text.contains("invoice\uFFFDgnp.exe"), f + " shows a replacement character");
        }
        assertEquals(-1, text.indexOf('\u2066'));
    }
}
