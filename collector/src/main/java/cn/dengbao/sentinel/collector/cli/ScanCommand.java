package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.server.ScanRequests;
import cn.dengbao.sentinel.collector.server.CollectorConfig;
import cn.dengbao.sentinel.proto.FactSection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scan --agent ID | --group G | --all}: asks connected agents for a fresh report now. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Ask connected agents for a report now (only predefined fact sections can be requested).")
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

    @Override
    public Integer call() throws Exception {
        CollectorConfig cfg = options.config();
        ScanRequests.Request r = new ScanRequests.Request();
        r.agent = target.agent;
        r.group = target.group;
        r.all = target.all;
        for (FactSection s : sections) {
            if (s == FactSection.UNRECOGNIZED) {
                throw new IllegalArgumentException("未知的采集项 (unknown section)");
            }
            r.sections.add(s.name());
        }
        // an operator action: kept in the hash-chained audit log like every other
        try (cn.dengbao.sentinel.collector.store.Store store = options.open()) {
            ScanRequests.submit(cfg.dataDirPath(), r);
            store.audit().append("cli", "scan.request", java.util.Map.of(
                    "target", r.all ? "all" : r.agent != null ? "agent:" + r.agent : "group:" + r.group,
                    "sections", String.join(",", r.sections)));
        }
        spec.commandLine().getOut().println("scan request queued; the running collector sends it to connected agents within a second");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
