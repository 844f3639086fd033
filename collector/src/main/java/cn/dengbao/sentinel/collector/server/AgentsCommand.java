package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.text.TextTable;
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
                TextTable t = new TextTable("AGENT", "HOST", "GROUP", "VERSION", "STATUS", "ENROLLED", "LAST SEEN")
                        .maxWidth(1, 24).maxWidth(2, 10).maxWidth(3, 8);
                for (AgentRecord a : agents) {
                    t.row(a.id(), a.hostname(), a.group(), a.version(), a.revoked() ? "revoked" : "active",
                            a.enrolledAt() == null ? "-" : a.enrolledAt().toString().substring(0, 19),
                            a.lastSeenAt() == null ? "-" : a.lastSeenAt().toString().substring(0, 19));
                }
                System.out.print(t);
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
                    System.err.println("no active agent " + PlainText.clean(agentId, 64));
                    return 2;
                }
                store.audit().append("cli", "agent.revoke", java.util.Map.of("agent", agentId));
            }
            System.out.println("revoked " + agentId);
            return 0;
        }
    }
}
