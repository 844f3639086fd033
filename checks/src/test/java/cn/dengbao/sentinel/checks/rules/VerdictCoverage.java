package cn.dengbao.sentinel.checks.rules;

import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which verdicts the rule tests of this range produced, per rule: written to target/rule-verdict-coverage.txt
 * when the test JVM exits, so the per-verdict coverage can be read off a test run instead of being claimed.
 */
final class VerdictCoverage {

    private static final Map<String, Set<Status>> SEEN = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(VerdictCoverage::write, "verdict-coverage"));
    }

    private VerdictCoverage() {
    }

    static void record(Finding f) {
        SEEN.computeIfAbsent(f.getRuleId(), k -> ConcurrentHashMap.newKeySet()).add(f.getStatus());
    }

    private static void write() {
        if (SEEN.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder("# rule verdicts exercised by the 8.1.4.3-8.1.4.11 rule tests\n");
        new TreeMap<>(SEEN).forEach((rule, statuses) -> out.append(rule).append(": ")
                .append(EnumSet.copyOf(statuses).stream().map(Enum::name).collect(Collectors.joining(" ")))
                .append('\n'));
        try {
            Files.writeString(Path.of("target", "rule-verdict-coverage.txt"), out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // a coverage note must never fail or hang the build
        }
    }
}
