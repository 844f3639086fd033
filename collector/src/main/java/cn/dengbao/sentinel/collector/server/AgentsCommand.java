package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.enroll.AgentRecord;
import cn.dengbao.sentinel.collector.ingest.Inputs;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.time.Times;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code agents list|revoke}. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "Enrolled agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Revoke.class})
public final class AgentsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List enrolled agents.")
    public static final class ListAgents implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            CollectorConfig cfg = options.load();
            try (Store store = CollectorRuntime.openStore(cfg)) {
                List<AgentRecord> agents = new StoreBackend(store).list();
                Times times = cfg.times();
                System.out.printf("%-30s %-24s %-10s %-8s %-8s %-26s %-26s%n", "AGENT", "HOST", "GROUP", "VERSION",
                        "STATUS", "ENROLLED", "LAST SEEN");
                for (AgentRecord a : agents) {
                    System.out.printf("%-30s %-24s %-10s %-8s %-8s %-26s %-26s%n", a.id(), Inputs.clean(a.hostname(), 24),
                            Inputs.clean(a.group(), 10), Inputs.clean(a.version(), 8), a.revoked() ? "revoked" : "active",
                            a.enrolledAt() == null ? "-" : times.text(a.enrolledAt()),
                            a.lastSeenAt() == null ? "-" : times.text(a.lastSeenAt()));
                }
                System.out.println(agents.size() + " agent(s)");
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an agent: its certificate is refused from its next connection on.")
    public static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "AGENT_ID")
        String agentId;

        @Override
        public Integer call() throws Exception {
            CollectorConfig cfg = options.load();
            try (Store store = CollectorRuntime.openStore(cfg)) {
                if (!new StoreBackend(store).revoke(agentId)) {
                    System.err.println("no active agent " + Inputs.clean(agentId, 64));
                    return 2;
                }
                store.audit().append("cli", "agent.revoke", java.util.Map.of("agent", agentId));
            }
            System.out.println("revoked " + agentId);
            return 0;
        }
    }
}
