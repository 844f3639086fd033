package cn.dengbao.sentinel.bench;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.testkit.SyntheticFacts;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the cost of judging one host with the built-in rules (single thread, so time per operation is CPU per
 * operation). {@code firstReport}: a full evaluation, as a host's first report after a collector start (every
 * rule evaluated; the memo of a fresh engine is filled on the way). {@code unchangedReReport}: the same host again
 * with a new report id and collection time (the memo answers every rule except those reading the collection time).
 * Hosts: {@code fixture} is the compliant Debian fixture with 40 accounts, {@code synthetic} the load generators'
 * server (40 accounts, sshd options). On a machine shared with other work JMH's time per operation is wall time
 * (a runnable thread waits for a core), so each trial also prints the benchmark thread's own CPU per operation
 * (median of the measurement iterations): the figure the goal is about. Run (the second line keeps every
 * expression on dev.cel's interpreter):
 * <pre>
 * java -cp bench/target/sentinel-bench.jar org.openjdk.jmh.Main EvaluationBenchmark
 * java -cp bench/target/sentinel-bench.jar org.openjdk.jmh.Main EvaluationBenchmark -jvmArgsAppend -Dsentinel.cel.fast=false
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = EvaluationBenchmark.MEASUREMENTS, time = 2)
@Fork(1)
public class EvaluationBenchmark {

    static final int MEASUREMENTS = 5;

    @Param({"fixture", "synthetic"})
    public String host;

    private RuleEngine plain;
    private RuleEngine memoised;
    private Facts facts;
    private Facts[] reReports;
    private int next;

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long ops;
    private final List<Double> cpuPerOpByIteration = new ArrayList<>();

    @Setup(Level.Iteration)
    public void startIteration() {
        cpuNanos = 0;
        ops = 0;
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        cpuPerOpByIteration.add(ops == 0 ? 0.0 : cpuNanos / 1e3 / ops);
    }

    @TearDown(Level.Trial)
    public void report() {
        // the last MEASUREMENTS iterations are the measured ones (the first are warm-up)
        List<Double> measured = new ArrayList<>(cpuPerOpByIteration.subList(
                Math.max(0, cpuPerOpByIteration.size() - MEASUREMENTS), cpuPerOpByIteration.size()));
        Collections.sort(measured);
        System.out.printf("%n[cpu] host=%s: median thread CPU %.1f µs/op over %d measurement iterations %s%n", host,
                measured.get(measured.size() / 2), measured.size(), measured);
    }

    @Setup
    public void setUp() {
        if (host.equals("fixture")) {
            FactsFixtures f = FactsFixtures.compliantHost();
            for (int i = 0; i < 32; i++) {
                f.account("user" + i, 2000 + i, i % 3 == 0 ? "/usr/sbin/nologin" : "/bin/bash", PasswordState.HASHED);
            }
            facts = f.build();
        } else {
            facts = SyntheticFacts.server("bench-host", "r0", 40);
        }
        plain = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        memoised = plain.withMemo(10_000);
        reReports = new Facts[64];
        for (int i = 0; i < reReports.length; i++) {
            reReports[i] = facts.toBuilder().setReportId("r" + (i + 1)).setHost(facts.getHost().toBuilder()
                    .setCollectedAtEpochMs(facts.getHost().getCollectedAtEpochMs() + 60_000L * (i + 1))).build();
        }
        memoised.evaluate(facts, Map.of());
    }

    /** Every rule evaluated: a host's first report. */
    @Benchmark
    public Evaluation firstReport() {
        long c0 = MX.getCurrentThreadCpuTime();
        Evaluation e = plain.evaluate(facts, Map.of());
        cpuNanos += MX.getCurrentThreadCpuTime() - c0;
        ops++;
        return e;
    }

    /** The same host's facts again (new report id and time): the memo answers. */
    @Benchmark
    public Evaluation unchangedReReport() {
        Facts f = reReports[next];
        next = (next + 1) % reReports.length;
        long c0 = MX.getCurrentThreadCpuTime();
        Evaluation e = memoised.evaluate(f, Map.of());
        cpuNanos += MX.getCurrentThreadCpuTime() - c0;
        ops++;
        return e;
    }
}
