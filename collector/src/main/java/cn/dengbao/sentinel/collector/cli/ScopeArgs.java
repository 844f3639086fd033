package cn.dengbao.sentinel.collector.cli;

import picocli.CommandLine.Option;

/** What a report covers: one group, one host, or (neither) every host. */
public final class ScopeArgs {
    @Option(names = "--group", paramLabel = "GROUP", description = "Hosts of this group")
    public String group;

    @Option(names = "--host", paramLabel = "HOST", description = "One host, by id or name")
    public String host;

    public String describe() {
        return host != null ? "主机 " + host : group != null ? "分组 " + group : "全部主机";
    }
}
