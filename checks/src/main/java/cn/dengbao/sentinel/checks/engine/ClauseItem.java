package cn.dengbao.sentinel.checks.engine;

/**
 * One 测评项 of GB/T 22239-2019 level 3 (8.1.4 安全计算环境, host object).
 *
 * @param clause  e.g. 8.1.4.1a
 * @param control 安全控制点 (zh-CN)
 * @param summary zh-CN paraphrase of the requirement
 * @param weight  importance for the 2021 scoring template: 关键 / 重要 / 一般 (data, unconfirmed mapping)
 * @param text    the standard's wording of the item (测评指标), as the assessor's record quotes it
 */
public record ClauseItem(String clause, String control, String summary, String weight, String text) {}
