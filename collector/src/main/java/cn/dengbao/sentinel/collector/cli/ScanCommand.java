package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.scanrequest.ScanRequestDispatcher;
import cn.dengbao.sentinel.collector.scanrequest.ScanRequestService;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.proto.FactSection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scan --agent ID | --group G | --all}: asks agents for a fresh report now, through the store. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Ask agents for a report now (only predefined fact sections can be requested); the collector "
                + "holding the agent's connection sends it.")
public final class ScanCommand implements Callable<Integer> {
    @Mixin
    StoreOptions options;
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--agent", paramLabel = "ID")
        String agent;
        @Option(names = "--group", paramLabel = "G")
        String group;
        @Option(names = "--all")
        boolean all;
    }

    @Option(names = "--section", split = ",", paramLabel = "SECTION",
            description = "fact sections, e.g. SECTION_SSHD,SECTION_ACCOUNTS (default all)")
    List<FactSection> sections = new ArrayList<>();

    /** An unknown or revoked agent, or a group without agents: IllegalArgumentException, exit 2. */
    @Override
    public Integer call() throws Exception {
        ScanRequestService.Queued q;
        try (Store store = options.open()) {
            q = new ScanRequestService(store, Clock.systemUTC()).request(
                    new ScanRequestService.Target(target.agent, target.group, target.all), sections, "cli");
        }
        spec.commandLine().getOut().println("已为 " + q.agentIds().size() + " 个 agent 排队扫描请求；持有其连接的采集器在 "
                + ScanRequestDispatcher.POLL.toMillis() + " 毫秒内发送，" + ScanRequestService.TTL.toMinutes()
                + " 分钟内未连接则过期 (scan requests queued)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
