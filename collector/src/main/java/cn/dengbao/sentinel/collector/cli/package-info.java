/**
 * Every command of sentinel-collector ({@link cn.dengbao.sentinel.collector.cli.CollectorMain}), and nothing else:
 * commands parse options, call the service of a feature package (store, export, score, kpi, signing, server,
 * targets, schedule …) and print; no feature package imports this one.
 *
 * <p>Conventions (shared with the agent and bench through {@code cn.dengbao.sentinel.common.cli}): {@code -h/--help}
 * on every command; a group run without a subcommand prints its usage to stderr and exits 2; mistakes are thrown
 * ({@link java.lang.IllegalArgumentException} and the registered input errors) and printed once as
 * {@code 错误：…} with exit 2; output goes through {@code spec.commandLine().getOut()/getErr()}. Store commands
 * mix in {@link cn.dengbao.sentinel.collector.cli.StoreOptions} ({@code --config}, {@code --data-dir},
 * {@code --db-url} …) and open only an existing store; list commands mix in {@code ListFormat}
 * ({@code --format table|json}).
 */
package cn.dengbao.sentinel.collector.cli;
