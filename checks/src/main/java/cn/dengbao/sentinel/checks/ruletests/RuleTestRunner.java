package cn.dengbao.sentinel.checks.ruletests;

import cn.dengbao.sentinel.checks.engine.RuleDefinition;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;
import cn.dengbao.sentinel.proto.json.FactsJson;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs rule tests against an engine and checks each rule's verdict coverage. Used by the build (one JUnit
 * factory over the built-in rules) and by {@code sentinel-collector rules test DIR}, so both judge alike.
 */
public final class RuleTestRunner {

    /** One case's outcome: {@code failure} is null when the verdict matched. */
    public record CaseResult(String rule, String origin, String name, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** One rule: its cases, the verdicts they covered, and what is missing. */
    public record RuleResult(String rule, String origin, List<CaseResult> cases, List<String> problems,
                             Set<Status> statuses) {
        public boolean ok() {
            return problems.isEmpty() && cases.stream().allMatch(CaseResult::ok);
        }

        /** The verdicts the cases expect, in the order PASS, FAIL, PARTIAL, NOT_APPLICABLE, MANUAL, ERROR. */
        public List<String> covered() {
            return ORDER.stream().filter(statuses::contains).map(Enum::name).toList();
        }
    }

    private static final List<Status> ORDER = List.of(Status.PASS, Status.FAIL, Status.PARTIAL, Status.NOT_APPLICABLE,
            Status.MANUAL, Status.ERROR);

    private final RuleEngine engine;

    public RuleTestRunner(RuleEngine engine) {
        this.engine = engine;
    }

    /** Runs one case; never throws for a bad case, the failure says what went wrong. */
    public CaseResult run(RuleTestFile file, RuleTestCase c) {
        return new CaseResult(file.rule(), file.origin(), c.name(), failure(file, c));
    }

    private String failure(RuleTestFile file, RuleTestCase c) {
        Facts facts;
        try {
            String json = c.change().applyTo(BaseHosts.load(c.base(), file.dir())).toString();
            facts = FactsJson.parse(json);
        } catch (IllegalArgumentException e) {
            return "变更无效：" + e.getMessage();
        } catch (FactsJson.InvalidFactsException e) {
            return "变更后的事实不合格式：" + RuleTestParser.oneLine(e.getMessage());
        }
        Optional<Finding> found;
        try {
            found = engine.evaluateOne(file.rule(), facts, c.attrs());
        } catch (RuntimeException e) {
            return "评估出错：" + RuleTestParser.oneLine(e.getMessage());
        }
        if (found.isEmpty()) {
            return "规则 " + file.rule() + " 未被评估（不存在或被配置停用）";
        }
        Finding f = found.get();
        List<String> wrong = new ArrayList<>();
        if (f.getStatus() != c.status()) {
            wrong.add("判定应为 " + c.status() + "，实际 " + f.getStatus());
        }
        if (f.getRisk() != c.risk()) {
            wrong.add("风险应为 " + c.risk() + "，实际 " + f.getRisk());
        }
        if (!evidenceText(f).contains(c.evidence())) {
            wrong.add("证据中没有「" + c.evidence() + "」");
        }
        if (c.riskReason() != null && !f.getRiskReason().contains(c.riskReason())) {
            wrong.add("风险理由中没有「" + c.riskReason() + "」（实际：" + f.getRiskReason() + "）");
        }
        if (c.majorHazard() != null && c.majorHazard() != f.getMajorHazard()) {
            wrong.add("重大风险隐患应为 " + c.majorHazard() + "，实际 " + f.getMajorHazard());
        }
        // what every finding must satisfy, whatever the case expects
        if (f.getMessage().isBlank()) {
            wrong.add("结论没有说明原因");
        }
        if (f.getMajorHazard() && f.getRisk() != cn.dengbao.sentinel.proto.Risk.HIGH) {
            wrong.add("重大风险隐患只能出现在高风险结论上");
        }
        if (f.getRisk() == cn.dengbao.sentinel.proto.Risk.HIGH && f.getRiskReason().isBlank()) {
            wrong.add("高风险结论须写明判定条件");
        }
        if (wrong.isEmpty()) {
            return null;
        }
        return String.join("；", wrong) + "。实际结论：" + f.getMessage();
    }

    /** What {@code evidence} is matched against: evidence texts, their sources, and the finding's message. */
    public static String evidenceText(Finding f) {
        StringBuilder sb = new StringBuilder(f.getMessage());
        for (Evidence e : f.getEvidenceList()) {
            sb.append('\n').append(e.getText()).append(' ').append(e.getSource().getPath()).append(' ')
                    .append(e.getSource().getExcerpt()).append(' ').append(e.getSource().getCommand());
        }
        return sb.toString();
    }

    /**
     * The verdicts an automated rule must have a case for: PASS and FAIL always, PARTIAL when it has a
     * {@code partial} condition, MANUAL when it has {@code manual_when} — unless the tests file says why not.
     */
    public static Set<Status> required(RuleDefinition rule) {
        if (!"automated".equals(rule.mode())) {
            return EnumSet.noneOf(Status.class);
        }
        Set<Status> s = EnumSet.of(Status.PASS, Status.FAIL);
        if (rule.partial() != null && !rule.partial().isBlank()) {
            s.add(Status.PARTIAL);
        }
        if (rule.manualWhen() != null && !rule.manualWhen().isBlank()) {
            s.add(Status.MANUAL);
        }
        return s;
    }

    /**
     * Runs every tests file and checks coverage of {@code rules} (the rules under test: the built-in catalog, or
     * a custom directory's rules). A tests file for a rule outside {@code rules} still runs against the engine.
     */
    public List<RuleResult> runAll(List<RuleDefinition> rules, List<RuleTestFile> files) {
        Map<String, RuleTestFile> byRule = new LinkedHashMap<>();
        List<RuleResult> out = new ArrayList<>();
        for (RuleTestFile f : files) {
            RuleTestFile prev = byRule.putIfAbsent(f.rule(), f);
            if (prev != null) {
                out.add(new RuleResult(f.rule(), f.origin(), List.of(),
                        List.of("规则 " + f.rule() + " 的测试重复（另见 " + prev.origin() + "）"), Set.of()));
            }
        }
        Map<String, RuleDefinition> defs = new LinkedHashMap<>();
        rules.forEach(r -> defs.put(r.id(), r));
        for (RuleDefinition r : rules) {
            RuleTestFile f = byRule.remove(r.id());
            Set<Status> required = required(r);
            if (f == null) {
                out.add(new RuleResult(r.id(), r.id() + ".yaml", List.of(), required.isEmpty() ? List.of()
                        : List.of("缺少测试文件 " + r.id() + SUFFIX_NOTE), Set.of()));
                continue;
            }
            out.add(runFile(f, required));
        }
        for (RuleTestFile f : byRule.values()) {
            out.add(runFile(f, EnumSet.noneOf(Status.class)));
        }
        return out;
    }

    private static final String SUFFIX_NOTE = RuleTestFiles.SUFFIX + "（自动判定规则须有 PASS 与 FAIL 用例）";

    private RuleResult runFile(RuleTestFile f, Set<Status> required) {
        List<CaseResult> results = new ArrayList<>();
        Set<Status> covered = EnumSet.noneOf(Status.class);
        for (RuleTestCase c : f.cases()) {
            CaseResult r = run(f, c);
            results.add(r);
            covered.add(c.status());
        }
        List<String> problems = new ArrayList<>();
        for (Status s : required) {
            if (!covered.contains(s) && !f.noCase().containsKey(s)) {
                problems.add("缺少 " + s + " 用例（或在 no_case 中写明原因）");
            }
        }
        for (Status s : f.noCase().keySet()) {
            if (covered.contains(s)) {
                problems.add("no_case 声明无法给出 " + s + "，却有 " + s + " 用例");
            }
        }
        return new RuleResult(f.rule(), f.origin(), results, problems, covered);
    }
}
