/**
 * The command-line conventions shared by sentinel-collector, sentinel-agent and sentinel-bench: one error style
 * ({@link cn.dengbao.sentinel.common.cli.CliErrors}: {@code 错误：…} on stderr, exit 2, no stack traces), group
 * commands that answer a missing subcommand with their usage ({@link cn.dengbao.sentinel.common.cli.CommandGroup}),
 * and the {@code --out} checks ({@link cn.dengbao.sentinel.common.cli.OutputPaths}). Every command also carries
 * {@code mixinStandardHelpOptions = true} (-h/--help) and prints through {@code spec.commandLine().getOut()/getErr()}.
 */
package cn.dengbao.sentinel.common.cli;
