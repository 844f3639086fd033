package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.server.StoreBackend;
import cn.dengbao.sentinel.collector.store.AgentRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.text.TextTable;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code agents list|revoke}. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "Enrolled agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Revoke.class})
public final class AgentsCommand extends CommandGroup {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List enrolled agents.")
    public static final class ListAgents implements Callable<Integer> {
        @Mixin
        StoreOptions options;
        @Mixin
        ListFormat format;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<AgentRecord> agents;
            try (Store store = options.open()) {
                agents = new StoreBackend(store).list();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format.json()) {
                ListFormat.printJson(out, agents, ListAgents::json);
                return 0;
            }
            TextTable t = new TextTable("AGENT", "HOST", "GROUP", "VERSION", "STATUS", "ENROLLED", "LAST SEEN")
                    .maxWidth(1, 24).maxWidth(2, 10).maxWidth(3, 8);
            for (AgentRecord a : agents) {
                t.row(a.id(), a.hostname(), a.group(), a.version(), a.revoked() ? "revoked" : "active",
                        a.enrolledAt() == null ? "-" : a.enrolledAt().toString().substring(0, 19),
                        a.lastSeenAt() == null ? "-" : a.lastSeenAt().toString().substring(0, 19));
            }
            out.print(t);
            out.println(agents.size() + " agent(s)");
            out.flush();
            return 0;
        }

        private static Map<String, Object> json(AgentRecord a) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("hostname", a.hostname());
            m.put("os", a.osPrettyName());
            m.put("version", a.version());
            m.put("group", a.group());
            m.put("ip", a.ip());
            m.put("revoked", a.revoked());
            m.put("certSha256", a.certSha256());
            m.put("enrolledAt", ListFormat.iso(a.enrolledAt()));
            m.put("lastSeenAt", ListFormat.iso(a.lastSeenAt()));
            return m;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an agent: its certificate is refused from its next connection on.")
    public static final class Revoke implements Callable<Integer> {
        @Mixin
        StoreOptions options;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "AGENT_ID")
        String agentId;

        @Override
        public Integer call() {
            try (Store store = options.open()) {
                if (!new StoreBackend(store).revoke(agentId)) {
                    throw new IllegalArgumentException("没有这个在用的代理 (no active agent): " + PlainText.clean(agentId, 64));
                }
                store.audit().append("cli", "agent.revoke", java.util.Map.of("agent", agentId));
            }
            spec.commandLine().getOut().println("revoked " + agentId);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
