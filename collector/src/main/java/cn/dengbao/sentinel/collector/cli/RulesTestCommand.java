package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleDefinition;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.checks.ruletests.RuleTestFile;
import cn.dengbao.sentinel.checks.ruletests.RuleTestRunner;
import cn.dengbao.sentinel.checks.ruletests.RuleTestFiles;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.text.TextTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rules test [DIR] [--profile FILE]}: runs the {@code <rule>.tests.yaml} files of a custom rules directory
 * (the one given to {@code evaluate --rules DIR}) — or, without DIR, those of the built-in rules — exactly as the
 * build does, and prints per rule the number of cases and the verdicts they cover. Exit 0 all pass, 1 a case
 * failed or an automated rule lacks a PASS or FAIL case, 2 a file that cannot be read (one line naming it).
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"运行规则旁的测试用例（<rule>.tests.yaml）：DIR 为自定义规则目录（与 evaluate --rules 相同），省略则测内置规则。",
                "退出码：0 全部通过；1 有用例失败或自动判定规则缺少 PASS/FAIL 用例；2 文件无法读取或格式错误。"})
public final class RulesTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "custom rules directory (default: the built-in rules)")
    Path dir;

    @Option(names = "--profile", paramLabel = "FILE", description = "profile YAML whose thresholds the rules are tested with")
    Path profileFile;

    @Override
    public Integer call() {
        // files that do not load (rule, tests or profile) are input errors: one line, exit 2
        Profile profile = profileFile == null ? Profile.builtIn() : Profile.load(profileFile);
        RuleCatalog catalog = dir == null ? RuleCatalog.builtIn() : RuleCatalog.load(dir);
        List<RuleDefinition> underTest = dir == null ? catalog.definitions() : RuleTestFiles.rulesOf(dir);
        List<RuleTestFile> files = dir == null ? RuleTestFiles.builtIn() : RuleTestFiles.ofDirectory(dir);
        List<RuleTestRunner.RuleResult> results = new RuleTestRunner(new RuleEngine(catalog, profile)).runAll(underTest, files);
        PrintWriter out = spec.commandLine().getOut();
        try {
            return print(out, results);
        } finally {
            out.flush();
        }
    }

    private int print(PrintWriter out, List<RuleTestRunner.RuleResult> results) {
        out.println("规则测试（rule tests）：" + (dir == null ? "内置规则" : PlainText.oneLine(dir.toString())));
        TextTable table = new TextTable("结果", "规则", "用例", "覆盖的判定");
        int cases = 0;
        int failedCases = 0;
        int failedRules = 0;
        for (RuleTestRunner.RuleResult r : results) {
            int bad = (int) r.cases().stream().filter(c -> !c.ok()).count();
            cases += r.cases().size();
            failedCases += bad;
            if (!r.ok()) {
                failedRules++;
            }
            table.row(r.ok() ? "通过" : "失败", r.rule(), r.cases().size(), String.join(" ", r.covered()));
        }
        out.print(table);
        for (RuleTestRunner.RuleResult r : results) {
            if (r.ok()) {
                continue;
            }
            out.println();
            out.println("失败：" + PlainText.oneLine(r.rule()) + "（" + PlainText.oneLine(r.origin()) + "）");
            for (String p : r.problems()) {
                out.println("  - " + PlainText.oneLine(p));
            }
            for (RuleTestRunner.CaseResult c : r.cases()) {
                if (!c.ok()) {
                    out.println("  - 用例「" + PlainText.oneLine(c.name()) + "」：" + PlainText.oneLine(c.failure()));
                }
            }
        }
        out.println();
        out.println("合计：" + results.size() + " 条规则，" + cases + " 个用例；"
                + (failedRules == 0 ? "全部通过。" : failedRules + " 条规则未通过（" + failedCases + " 个用例失败）。"));
        return failedRules == 0 ? 0 : 1;
    }
}
