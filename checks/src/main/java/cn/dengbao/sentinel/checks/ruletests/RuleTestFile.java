package cn.dengbao.sentinel.checks.ruletests;

import cn.dengbao.sentinel.proto.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@code <rule>.tests.yaml}: the rule it tests, its cases, and the verdicts the rule cannot give with the reason
 * ({@code no_case}), so a missing PASS or FAIL case is either written or explained. {@code dir} is where relative
 * base files are looked up (null for the built-in tests, which use the built-in hosts only).
 */
public record RuleTestFile(String origin, Path dir, String rule, List<RuleTestCase> cases, Map<Status, String> noCase) {

    public RuleTestFile {
        cases = List.copyOf(cases);
        noCase = Map.copyOf(noCase);
    }
}
