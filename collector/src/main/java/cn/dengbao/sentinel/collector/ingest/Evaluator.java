package cn.dengbao.sentinel.collector.ingest;

import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;

/** Judges facts (the checks engine). Must be thread-safe: reports are evaluated in parallel. */
@FunctionalInterface
public interface Evaluator {
    Evaluation evaluate(Facts facts) throws Exception;
}
