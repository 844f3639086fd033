package cn.dengbao.sentinel.collector.store;

import java.util.List;

/**
 * One normalised vulnerability record of a feed bundle, as stored: in {@code stream} (e.g. {@code debian:12},
 * {@code openeuler:22.03-LTS-SP4}), {@code pkg} of kind {@code source} (Debian, Ubuntu: keyed by source package) or
 * {@code binary} is affected by {@code cves} below {@code fixedVersion} (null: no fixed version), with the vendor's
 * {@code status}, advisories, severity, CVSS v3 base score (null when the vendor gives none) and whether CISA lists
 * one of the CVEs as known-exploited. {@code source} names the feed it came from (see the bundle's sources).
 */
public record VulnRecord(String stream, String pkg, String kind, String fixedVersion, Status status,
                         List<String> advisories, List<String> cves, String severity, Double cvss3, boolean kev,
                         String source) {
    public static final String SOURCE_PACKAGE = "source";
    public static final String BINARY_PACKAGE = "binary";

    /** The vendor's word: fixed (in fixedVersion), not fixed yet, or will not be fixed (EOL, wontfix). */
    public enum Status { fixed, not_fixed, will_not_fix }

    public VulnRecord {
        advisories = advisories == null ? List.of() : List.copyOf(advisories);
        cves = cves == null ? List.of() : List.copyOf(cves);
        if (!SOURCE_PACKAGE.equals(kind) && !BINARY_PACKAGE.equals(kind)) {
            throw new IllegalArgumentException("package kind must be source or binary: " + kind);
        }
        if (status == Status.fixed && (fixedVersion == null || fixedVersion.isBlank())) {
            throw new IllegalArgumentException("fixed record without fixed version: " + stream + " " + pkg + " " + cves);
        }
    }

    public VulnRecord withKev(boolean known) {
        return new VulnRecord(stream, pkg, kind, fixedVersion, status, advisories, cves, severity, cvss3, known, source);
    }
}
