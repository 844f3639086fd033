package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.proto.Risk;

/**
 * An open finding and what fixing it is worth: 2021 score points gained and 2025 compliance-rate
 * percentage points gained, all else unchanged.
 */
public record FixItem(String host, String ruleId, String clause, String title, Risk risk, boolean majorHazard,
                      double scoreGain, double rateGainPoints) {
}
