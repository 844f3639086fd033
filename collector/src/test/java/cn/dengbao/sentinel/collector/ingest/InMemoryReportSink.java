package cn.dengbao.sentinel.collector.ingest;

import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.FactReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Report sink for tests and the benchmark: keeps what was stored, per report id. */
public final class InMemoryReportSink implements ReportSink {
    public record Stored(String agentId, FactReport report, Evaluation evaluation) {
    }

    private final Map<String, Stored> reports = new ConcurrentHashMap<>();

    @Override
    public boolean store(String agentId, FactReport report, Evaluation evaluation) {
        return reports.putIfAbsent(report.getReportId(), new Stored(agentId, report, evaluation)) == null;
    }

    public int size() {
        return reports.size();
    }

    public List<Stored> byAgent(String agentId) {
        return reports.values().stream().filter(s -> s.agentId().equals(agentId)).collect(Collectors.toList());
    }

    public Stored get(String reportId) {
        return reports.get(reportId);
    }
}
