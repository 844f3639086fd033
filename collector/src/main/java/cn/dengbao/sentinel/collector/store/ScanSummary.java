package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/** One evaluated scan of a host, with verdict counts. {@code scannedAt} is when the facts were collected. */
public record ScanSummary(long id, String hostId, String reportId, Instant scannedAt, Instant recordedAt,
                          String trigger, String profile, int pass, int fail, int partial, int manual,
                          int notApplicable, int error) {

    public int total() {
        return pass + fail + partial + manual + notApplicable + error;
    }
}
