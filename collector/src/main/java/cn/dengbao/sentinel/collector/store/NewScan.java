package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;

/** One evaluated report to record with {@link ScanRepository#recordScans}. */
public record NewScan(String hostId, String reportId, Facts facts, Evaluation evaluation, String trigger) {
}
