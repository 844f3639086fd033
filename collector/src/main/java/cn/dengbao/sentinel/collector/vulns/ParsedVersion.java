package cn.dengbao.sentinel.collector.vulns;

/**
 * A package version parsed once in its stream's scheme (dpkg or rpm), so matching compares without re-parsing: a
 * record's fixed version when the index is built, an installed version once per package and host.
 */
final class ParsedVersion {
    private final DebVersion.Parts deb;
    private final RpmVersion.Evr rpm;

    private ParsedVersion(DebVersion.Parts deb, RpmVersion.Evr rpm) {
        this.deb = deb;
        this.rpm = rpm;
    }

    static ParsedVersion of(Streams.Scheme scheme, String version) {
        return scheme == Streams.Scheme.DPKG ? new ParsedVersion(DebVersion.Parts.parse(version), null)
                : new ParsedVersion(null, RpmVersion.Evr.parse(version));
    }

    /**
     * This (installed) version against a {@code fixed} one. openEuler's CSAF and the CSV/YAML advisories write RPM
     * fixed versions without the epoch ("vim-9.0-33.oe2203sp4" for a vim whose epoch is 2), while Red Hat writes it
     * ("0:4.2.1-41.el8"): against a fixed version without an epoch the installed version-release is compared alone,
     * or every epoch-carrying package would read as newer than any fix. Debian versions always carry their epoch.
     */
    int compareTo(ParsedVersion fixed) {
        return deb != null ? DebVersion.compare(deb, fixed.deb)
                : RpmVersion.compare(rpm, fixed.rpm, !fixed.rpm.explicitEpoch());
    }

    /**
     * Fixed versions in one group are totally ordered for every installed version, so a sorted group can stop at the
     * first fix an installed version reaches: rpm splits versions written with and without an epoch (compared
     * differently, above); a release-less rpm version matches any release and is in no group (-1).
     */
    int group() {
        if (deb != null) {
            return 0;
        }
        if (rpm.release().isEmpty()) {
            return -1;
        }
        return rpm.explicitEpoch() ? 1 : 0;
    }
}
