package cn.dengbao.sentinel.collector.ingest;

import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.proto.FactReport;
import cn.dengbao.sentinel.proto.HostInfo;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Structural checks on a report before anything is stored; the message goes back to the agent in the Ack. */
public final class ReportValidator {
    public static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{7,127}");
    private static final Pattern HOSTNAME = Pattern.compile("[\\p{L}\\p{N}._-]{1,253}");
    private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.%\\p{L}\\p{N}_-]{2,64}");
    private static final Set<String> TRIGGERS = Set.of("start", "schedule", "scan_now");
    private static final long FUTURE_SKEW_MS = 24L * 3600 * 1000;

    private final int maxBytes;

    public ReportValidator(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return why the report is unacceptable, or empty when it is fine */
    public Optional<String> problem(FactReport r, long nowMs) {
        if (!REPORT_ID.matcher(r.getReportId()).matches()) {
            return Optional.of("report_id must be 8-128 characters of [A-Za-z0-9._-]");
        }
        if (r.getSerializedSize() > maxBytes) {
            return Optional.of("report larger than " + maxBytes + " bytes");
        }
        if (!r.hasFacts()) {
            return Optional.of("report has no facts");
        }
        Optional<String> tooCostly = cn.dengbao.sentinel.proto.json.FactsLimits.problem(r.getFacts());
        if (tooCostly.isPresent()) {
            return tooCostly;
        }
        if (!r.getFacts().getReportId().isEmpty() && !r.getFacts().getReportId().equals(r.getReportId())) {
            return Optional.of("facts.report_id differs from report_id");
        }
        String sv = r.getFacts().getSchemaVersion();
        if (!sv.isEmpty() && !sv.equals("1")) {
            return Optional.of("unsupported facts schema_version");
        }
        if (!TRIGGERS.contains(r.getTrigger())) {
            return Optional.of("trigger must be one of start, schedule, scan_now");
        }
        if (r.getCreatedAtEpochMs() <= 0 || r.getCreatedAtEpochMs() > nowMs + FUTURE_SKEW_MS) {
            return Optional.of("created_at_epoch_ms missing or in the future");
        }
        if (!r.getFacts().hasHost()) {
            return Optional.of("facts.host is required");
        }
        HostInfo h = r.getFacts().getHost();
        if (!HOSTNAME.matcher(h.getHostname()).matches()) {
            return Optional.of("facts.host.hostname missing or not a host name");
        }
        if (h.getIpAddressesCount() > 256) {
            return Optional.of("too many ip_addresses");
        }
        for (String ip : h.getIpAddressesList()) {
            if (!IP.matcher(ip).matches()) {
                return Optional.of("facts.host.ip_addresses has a value that is not an address");
            }
        }
        if (!PlainText.isPlain(h.getMachineId(), 128) || !PlainText.isPlain(h.getAgentVersion(), 64)
                || !PlainText.isPlain(h.getRootDir(), 4096)) {
            return Optional.of("facts.host has an over-long value or control characters");
        }
        if (h.getCollectedAtEpochMs() > nowMs + FUTURE_SKEW_MS) {
            return Optional.of("facts.host.collected_at_epoch_ms in the future");
        }
        return Optional.empty();
    }
}
