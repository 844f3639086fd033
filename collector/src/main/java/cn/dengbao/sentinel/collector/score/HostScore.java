package cn.dengbao.sentinel.collector.score;

import java.util.List;

/**
 * Host-layer estimate for one host under both report templates. {@code unassessed} lists items whose
 * verdict is 需人工核查 or an error: they are reported, never scored (neither as pass nor as fail).
 */
public record HostScore(String host, String group, List<ItemResult> items,
                        int scored, int passed, int partial, int failed, int notApplicable,
                        List<String> unassessed,
                        double score2021, String band2021, boolean passing2021,
                        double complianceRate, String conclusion2025,
                        int highRiskOpen, int mediumRiskOpen, int acceptedRisks, List<String> majorHazards,
                        List<FixItem> fixFirst) {

    /** Compliance rate in percent, or NaN when no item could be scored. */
    public double complianceRatePercent() {
        return complianceRate * 100.0;
    }
}
