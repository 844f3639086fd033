package cn.dengbao.sentinel.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.FactReport;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportValidatorTest {
    private final ReportValidator v = new ReportValidator(8 * 1024 * 1024);
    private final long now = System.currentTimeMillis();

    private FactReport.Builder ok() {
        return FactReport.newBuilder().setReportId("0b6c0f0e-1111-2222-3333-444455556666").setTrigger("schedule")
                .setCreatedAtEpochMs(now)
                .setFacts(Facts.newBuilder().setReportId("0b6c0f0e-1111-2222-3333-444455556666")
                        .setHost(HostInfo.newBuilder().setHostname("web-01.gov.cn").addIpAddresses("10.1.2.3").addIpAddresses("fe80::1%eth0")));
    }

    @Test
    void acceptsAWellFormedReport() {
        assertEquals(Optional.empty(), v.problem(ok().build(), now));
    }

    @Test
    void rejectsMalformedOrHostileReports() {
        assertTrue(v.problem(ok().setReportId("../../etc").build(), now).isPresent());
        assertTrue(v.problem(ok().setReportId("short").build(), now).isPresent());
        assertTrue(v.problem(ok().clearFacts().build(), now).isPresent());
        assertTrue(v.problem(ok().setTrigger("rm -rf /").build(), now).isPresent());
        assertTrue(v.problem(ok().setCreatedAtEpochMs(now + 7L * 86_400_000).build(), now).isPresent());
        FactReport.Builder b = ok();
        b.getFactsBuilder().getHostBuilder().setHostname("evil\n<script>");
        assertTrue(v.problem(b.build(), now).isPresent());
        b = ok();
        b.getFactsBuilder().setReportId("another-report-id");
        assertTrue(v.problem(b.build(), now).isPresent());
        b = ok();
        b.getFactsBuilder().getHostBuilder().addIpAddresses("1.2.3.4; drop table");
        assertTrue(v.problem(b.build(), now).isPresent());
        assertTrue(new ReportValidator(100).problem(ok().build(), now).isPresent(), "size limit");
    }

    @Test
    void aReportTooCostlyToEvaluateIsRefusedWithTheReason() {
        FactReport.Builder b = ok();
        cn.dengbao.sentinel.proto.Accounts.Builder acc = b.getFactsBuilder().getAccountsBuilder();
        cn.dengbao.sentinel.proto.Account one = cn.dengbao.sentinel.proto.Account.newBuilder().setName("u").build();
        for (int i = 0; i <= cn.dengbao.sentinel.proto.json.FactsLimits.MAX_LIST_ENTRIES; i++) {
            acc.addAccounts(one);
        }
        // the byte limit is raised so only the cost cap can refuse it
        String why = new ReportValidator(64 * 1024 * 1024).problem(b.build(), now).orElseThrow();
        assertTrue(why.contains("too costly to evaluate"), why);
    }
}
