package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.common.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code report score | report kpi}: figures for the security team on the terminal or as JSON. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "估算得分与整改指标",
        subcommands = {ReportScoreCommand.class, ReportKpiCommand.class})
public final class ReportCommand extends CommandGroup {
}
