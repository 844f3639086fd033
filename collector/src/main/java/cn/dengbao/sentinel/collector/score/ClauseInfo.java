package cn.dengbao.sentinel.collector.score;

/**
 * One assessment item (测评项): clause id, control point (安全控制点), importance, a zh-CN paraphrase, and the
 * standard's wording ({@code text}, the 测评指标 column of the assessor's record).
 */
public record ClauseInfo(String clause, String control, Importance importance, String summary, String text) {
    /** For tables built by hand (tests): the paraphrase stands in for the wording. */
    public ClauseInfo(String clause, String control, Importance importance, String summary) {
        this(clause, control, importance, summary, summary);
    }
}
