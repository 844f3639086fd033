package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.common.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code vulns import | status | build}: offline vulnerability feeds for 8.1.4.4e. */
@Command(name = "vulns", mixinStandardHelpOptions = true,
        description = "离线漏洞数据：导入签名数据包、查看各发行版数据的时效与覆盖、从厂商数据生成数据包",
        subcommands = {VulnsImportCommand.class, VulnsStatusCommand.class, VulnsBuildCommand.class})
public final class VulnsCommand extends CommandGroup {
}
