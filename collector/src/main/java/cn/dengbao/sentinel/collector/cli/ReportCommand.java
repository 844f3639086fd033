package cn.dengbao.sentinel.collector.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code report score | report kpi}: figures for the security team on the terminal or as JSON. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "估算得分与整改指标",
        subcommands = {ReportScoreCommand.class, ReportKpiCommand.class})
public final class ReportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "请指定子命令: score 或 kpi");
    }
}
