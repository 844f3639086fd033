package cn.dengbao.sentinel.collector.schedule;

import cn.dengbao.sentinel.collector.ssh.HostScanResult;
import cn.dengbao.sentinel.collector.ssh.SshScanExecutor;
import cn.dengbao.sentinel.collector.store.ScheduleRecord;
import cn.dengbao.sentinel.collector.targets.TargetService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A schedule's work: scan the group's SSH targets (bounded, fair) and hand each host's facts to the sink. */
public final class GroupScanJob implements ScheduleJob {

    private final TargetService targets;
    private final SshScanExecutor executor;
    private final ScanSink sink;
    private final AgentScanRequester agents;

    /** @param agents may be null when no agent server runs in this process */
    public GroupScanJob(TargetService targets, SshScanExecutor executor, ScanSink sink, AgentScanRequester agents) {
        this.targets = targets;
        this.executor = executor;
        this.sink = sink;
        this.agents = agents;
    }

    @Override
    public RunOutcome run(ScheduleRecord schedule) {
        return run(schedule.group(), ScanKind.parse(schedule.kind()));
    }

    public RunOutcome run(String group, ScanKind kind) {
        List<RunOutcome.HostError> errors = Collections.synchronizedList(new ArrayList<>());
        List<String> notes = new ArrayList<>();
        int ok = 0;
        int failed = 0;
        if (kind.includesSsh()) {
            List<HostScanResult> results = executor.scanAll(targets.tasksForGroup(group), r -> {
                if (r.ok()) {
                    try {
                        sink.factsArrived(r.target().name(), r.target().group(), r.facts());
                    } catch (Exception e) {
                        errors.add(new RunOutcome.HostError(r.target().name(), "结果处理失败 (evaluate/store): "
                                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
                    }
                } else {
                    errors.add(new RunOutcome.HostError(r.target().name(), r.error()));
                }
            });
            int sinkFailures = (int) errors.stream().filter(e -> e.reason().startsWith("结果处理失败")).count();
            for (HostScanResult r : results) {
                if (r.ok()) {
                    ok++;
                } else {
                    failed++;
                }
            }
            ok -= sinkFailures;
            failed += sinkFailures;
            if (results.isEmpty()) {
                notes.add("分组 " + group + " 没有 SSH 目标 (no SSH targets in group)");
            }
        }
        if (kind.includesAgents()) {
            if (agents == null) {
                notes.add("agent 扫描请求未接入 (no agent server in this process)");
            } else {
                try {
                    notes.add("已请求 " + agents.requestScan(group) + " 个 agent 上报 (agents asked to report)");
                } catch (Exception e) {
                    notes.add("请求 agent 上报失败: " + e.getClass().getSimpleName());
                }
            }
        }
        List<RunOutcome.HostError> sorted = new ArrayList<>(errors);
        sorted.sort((a, b) -> a.host().compareTo(b.host()));
        return new RunOutcome(ok, failed, sorted, notes);
    }
}
