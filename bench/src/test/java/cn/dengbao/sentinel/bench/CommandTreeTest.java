package cn.dengbao.sentinel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.agent.cli.AgentMain;
import cn.dengbao.sentinel.collector.cli.CollectorMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Walks the command trees of sentinel-collector, sentinel-agent and sentinel-bench and runs every command and
 * subcommand: with {@code --help} and {@code -h} (usage on stdout, exit 0), and — for groups and commands with
 * required options or parameters — with nothing else (the error and the usage on stderr, exit 2). Lives in bench
 * because bench may see all three mains; the collector must not depend on the agent.
 */
class CommandTreeTest {

    record Main(String name, Supplier<CommandLine> commandLine) {}

    static final List<Main> MAINS = List.of(
            new Main("sentinel-collector", CollectorMain::commandLine),
            new Main("sentinel-agent", AgentMain::commandLine),
            new Main("sentinel-bench", BenchMain::commandLine));

    /** One command of a tree: its main and the subcommand names leading to it. */
    record Node(Main main, List<String> path, CommandSpec spec) {
        String display() {
            return (main.name() + " " + String.join(" ", path)).strip();
        }
    }

    record Run(int exit, String out, String err) {}

    static Run run(Main main, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = main.commandLine().get();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
    }

    static List<Node> nodes() {
        List<Node> all = new ArrayList<>();
        for (Main m : MAINS) {
            walk(m, List.of(), m.commandLine().get(), all);
        }
        return all;
    }

    private static void walk(Main main, List<String> path, CommandLine cl, List<Node> into) {
        into.add(new Node(main, path, cl.getCommandSpec()));
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            walk(main, p, sub, into);
        });
    }

    /** A group, or a command that cannot run without some option or parameter: run bare, it is a usage error. */
    static boolean needsArguments(CommandSpec s) {
        if (!s.subcommands().isEmpty()) {
            return true;
        }
        for (OptionSpec o : s.options()) {
            if (o.required() && o.group() == null) {
                return true;
            }
        }
        for (PositionalParamSpec p : s.positionalParameters()) {
            if (p.arity().min() > 0 && p.group() == null) {
                return true;
            }
        }
        for (ArgGroupSpec g : s.argGroups()) {
            if (g.multiplicity().min() > 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theTreesHoldEveryCommand() {
        List<String> names = nodes().stream().map(Node::display).toList();
        // the collector: 16 commands and 25 subcommands; the agent: 3; bench: 5 (plus the three mains)
        assertEquals(52, names.size(), String.join("\n", names));
        assertTrue(names.containsAll(List.of("sentinel-collector findings history", "sentinel-collector report kpi",
                "sentinel-collector agents list", "sentinel-collector agents merge", "sentinel-agent enroll",
                "sentinel-bench bench-ssh", "sentinel-collector vulns import", "sentinel-collector vulns status",
                "sentinel-collector vulns build", "sentinel-bench bench-vulns", "sentinel-collector rules test",
                "sentinel-bench bench-storm")),
                names.toString());
    }

    @TestFactory
    Stream<DynamicTest> everyCommandAnswersHelp() {
        return nodes().stream().flatMap(n -> Stream.of("--help", "-h").map(flag ->
                DynamicTest.dynamicTest(n.display() + " " + flag, () -> {
                    OptionSpec help = n.spec().findOption(flag);
                    assertNotNull(help, n.display() + " has no " + flag);
                    assertTrue(help.usageHelp(), flag + " of " + n.display() + " is the usage help");
                    List<String> args = new ArrayList<>(n.path());
                    args.add(flag);
                    Run r = run(n.main(), args);
                    assertEquals(0, r.exit(), r.err());
                    assertTrue(r.out().startsWith("Usage: " + n.display()), r.out());
                    assertEquals("", r.err());
                })));
    }

    @TestFactory
    Stream<DynamicTest> groupsAndCommandsWithRequiredArgumentsRunBareAreUsageErrors() {
        return nodes().stream().filter(n -> needsArguments(n.spec())).map(n ->
                DynamicTest.dynamicTest(n.display() + " (no arguments)", () -> {
                    Run r = run(n.main(), n.path());
                    assertEquals(2, r.exit(), r.out() + r.err());
                    assertTrue(r.err().startsWith("错误："), r.err());
                    assertTrue(r.err().contains("Usage: " + n.display()), "usage on stderr: " + r.err());
                    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
                    assertEquals("", r.out());
                }));
    }

    @Test
    void aMistypedSubcommandIsAUsageErrorWithASuggestion() {
        Run r = run(MAINS.get(0), List.of("findingz"));
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("错误："), r.err());
        assertTrue(r.err().contains("did you mean") && r.err().contains("findings"), r.err());
        assertTrue(r.err().contains("sentinel-collector --help"), r.err());

        Run sub = run(MAINS.get(0), List.of("targets", "listt"));
        assertEquals(2, sub.exit());
        assertTrue(sub.err().contains("list"), sub.err());
        assertTrue(sub.err().contains("sentinel-collector targets --help"), sub.err());

        Run agent = run(MAINS.get(1), List.of("colect"));
        assertEquals(2, agent.exit());
        assertTrue(agent.err().contains("collect"), agent.err());

        Run option = run(MAINS.get(2), List.of("bench-export", "--hostz", "3"));
        assertEquals(2, option.exit());
        assertTrue(option.err().startsWith("错误：未知选项"), option.err());
        assertTrue(option.err().contains("--hosts"), option.err());
    }
}
