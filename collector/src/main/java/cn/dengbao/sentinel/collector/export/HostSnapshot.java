package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;

import java.util.Map;

/** A host's latest scan as read from the store (or built by hand): evaluation, facts (may be null), lifecycle. */
public record HostSnapshot(String host, String group, String scanId, Evaluation evaluation, Facts facts,
                           Map<String, FindingLifecycle> lifecycle) {
}
