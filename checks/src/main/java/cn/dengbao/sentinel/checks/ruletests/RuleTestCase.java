package cn.dengbao.sentinel.checks.ruletests;

import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.util.Map;

/**
 * One case of a rule's tests file: a base host, a change, host attributes, and the verdict expected.
 * {@code evidence} must occur in the finding's evidence (text, file, excerpt or command) or its message;
 * {@code riskReason} and {@code majorHazard} are checked only when given.
 */
public record RuleTestCase(String name, String base, FactsPatch change, Map<String, String> attrs, Status status,
                           Risk risk, String evidence, String riskReason, Boolean majorHazard) {

    public RuleTestCase {
        attrs = Map.copyOf(attrs);
    }
}
