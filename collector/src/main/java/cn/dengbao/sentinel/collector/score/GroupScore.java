package cn.dengbao.sentinel.collector.score;

/**
 * A group's estimate: the MEAN of its hosts' scores and compliance rates (each host is one 测评对象 with equal
 * weight, however many items applied to it), with the band/conclusion forced down by any open high-risk
 * finding or 重大风险隐患 on any host of the group.
 */
public record GroupScore(String group, int hosts, double meanScore2021, String band2021, boolean passing2021,
                         int hostsPassing2021, double meanComplianceRate, String conclusion2025,
                         int highRiskOpen, int mediumRiskOpen, int majorHazards, int unassessedItems) {
}
