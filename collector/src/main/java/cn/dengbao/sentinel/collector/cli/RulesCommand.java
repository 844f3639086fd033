package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.common.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code rules test [DIR]}: rule authors' tools. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "规则编写工具：运行规则旁的测试（<rule>.tests.yaml）",
        subcommands = {RulesTestCommand.class})
public final class RulesCommand extends CommandGroup {
}
