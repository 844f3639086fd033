package cn.dengbao.sentinel.collector.score;

/** One assessment item (测评项): clause id, control point (安全控制点), importance and a zh-CN paraphrase. */
public record ClauseInfo(String clause, String control, Importance importance, String summary) {
}
