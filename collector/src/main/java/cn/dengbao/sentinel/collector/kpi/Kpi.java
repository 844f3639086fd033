package cn.dengbao.sentinel.collector.kpi;

/**
 * Rectification figures for one group (or overall, group {@code null}). Rates are 0..1 and NaN when there is
 * nothing to divide; days are calendar days in the collector's zone (a median may be a half); {@code worstOpenDays} is the age of the oldest open finding.
 * {@code fixedInTime} counts the fixes made within the overdue limit (30 days) and {@code inTimeRate} is their
 * share of the same population as {@code fixRate}: the bureau's plan asks for ≥ 70 % of findings fixed
 * <em>within 30 days</em>, so {@code inTimeRateMet} is the plan's target and {@code fixRate} the overall progress.
 */
public record Kpi(String group, int open, int fixed, int accepted, double fixRate, double medianDaysToFix,
                  double worstDaysToFix, int overdue, int highRiskOpen, double worstOpenDays,
                  boolean fixRateMet, boolean highRiskMet, int fixedInTime, double inTimeRate, boolean inTimeRateMet) {
}
