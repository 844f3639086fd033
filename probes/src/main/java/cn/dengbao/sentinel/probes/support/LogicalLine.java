package cn.dengbao.sentinel.probes.support;

/** One logical configuration line: continuation lines joined, numbered by its first physical line (1-based). */
public record LogicalLine(int number, String text) {
}
