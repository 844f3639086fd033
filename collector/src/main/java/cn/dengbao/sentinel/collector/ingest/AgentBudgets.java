package cn.dengbao.sentinel.collector.ingest;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What one agent may use of this collector, kept per agent id (its certificate) rather than per stream, so a
 * reconnect does not refill it: reports per minute, and CPU milliseconds of evaluation. The evaluation budget is
 * what keeps one heavy host (tens of thousands of accounts) from taking the ingest pool from everyone else: once
 * its bucket is empty its reports are deferred (the agent keeps them and resends later) until the bucket refills.
 * A token bucket per agent is a few dozen bytes; 5 000 agents cost well under a MiB.
 */
public final class AgentBudgets {
    private final int reportsPerMinute;
    private final long evalCpuMillisPerMinute;
    private final long evalCpuBurstMillis;
    private final ConcurrentHashMap<String, Buckets> byAgent = new ConcurrentHashMap<>();

    public AgentBudgets(int reportsPerMinute, long evalCpuMillisPerMinute, long evalCpuBurstMillis) {
        this.reportsPerMinute = reportsPerMinute;
        this.evalCpuMillisPerMinute = evalCpuMillisPerMinute;
        this.evalCpuBurstMillis = evalCpuBurstMillis;
    }

    private Buckets of(String agentId, long nowMs) {
        return byAgent.computeIfAbsent(agentId, id -> new Buckets(nowMs));
    }

    /** Takes one report from the agent's rate; false when it sent too many in the last minute. */
    public boolean tryReport(String agentId, long nowMs) {
        return of(agentId, nowMs).reports.tryAcquire(nowMs);
    }

    /** Whether the agent has evaluation CPU left (a report may then cost more than what is left: it is charged after). */
    public boolean mayEvaluate(String agentId, long nowMs) {
        return of(agentId, nowMs).cpu.available(nowMs) > 0;
    }

    /** Charges the CPU one evaluation of the agent's report took. */
    public void chargeEvaluation(String agentId, double cpuMillis, long nowMs) {
        of(agentId, nowMs).cpu.take(cpuMillis, nowMs);
    }

    private final class Buckets {
        final RateLimiter reports;
        final Bucket cpu;

        Buckets(long nowMs) {
            reports = new RateLimiter(reportsPerMinute, nowMs);
            cpu = new Bucket(evalCpuBurstMillis, evalCpuMillisPerMinute / 60_000.0, nowMs);
        }
    }

    /** A bucket that may go negative: a long evaluation is charged in full and then waits its time out. */
    static final class Bucket {
        private final double capacity;
        private final double refillPerMs;
        private double level;
        private long lastMs;

        Bucket(double capacity, double refillPerMs, long nowMs) {
            this.capacity = capacity;
            this.refillPerMs = refillPerMs;
            this.level = capacity;
            this.lastMs = nowMs;
        }

        synchronized double available(long nowMs) {
            level = Math.min(capacity, level + Math.max(0, nowMs - lastMs) * refillPerMs);
            lastMs = Math.max(lastMs, nowMs);
            return level;
        }

        synchronized void take(double amount, long nowMs) {
            available(nowMs);
            level -= amount;
        }
    }
}
