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

/** {@code agents list|revoke|merge}. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "Enrolled agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Revoke.class, AgentsCommand.Merge.class})
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
                String status = a.revoked() ? "revoked"
                        : a.duplicateOf().isEmpty() ? "active" : "active, 疑似重复 (possible duplicate)";
                t.row(a.id(), a.hostname(), a.group(), a.version(), status,
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
            m.put("hostId", a.hostId());
            m.put("possibleDuplicateOf", a.duplicateOf().isEmpty() ? null : a.duplicateOf());
            Map<String, Object> machine = new LinkedHashMap<>();
            machine.put("machineId", a.machine().machineId());
            machine.put("productUuid", a.machine().productUuid());
            machine.put("sshHostKeys", a.machine().sshHostKeys());
            machine.put("macs", a.machine().macs());
            m.put("machine", machine);
            m.put("enrolledAt", ListFormat.iso(a.enrolledAt()));
            m.put("lastSeenAt", ListFormat.iso(a.lastSeenAt()));
            return m;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke an agent: its certificate is refused from now on, running collectors close its "
                    + "open stream within a second, and its scan requests still waiting are refused."})
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

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = {"Decide on an agent enrolled as a possible duplicate (reinstall, clone or impostor).",
                    "--into HOST: the agent reports for HOST from now on; its own host record is retired with its "
                            + "history.",
                    "--distinct: it is another machine; it keeps its own host record and the mark is cleared."})
    public static final class Merge implements Callable<Integer> {
        @Mixin
        StoreOptions options;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "AGENT_ID")
        String agentId;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Decision decision;

        static final class Decision {
            @picocli.CommandLine.Option(names = "--into", paramLabel = "HOST", description = "host id or name")
            String into;
            @picocli.CommandLine.Option(names = "--distinct", description = "another machine: keep it separate")
            boolean distinct;
        }

        @Override
        public Integer call() {
            String shown = PlainText.clean(agentId, 64);
            String message;
            try (Store store = options.open()) {
                AgentRecord agent = store.agents().byId(agentId)
                        .orElseThrow(() -> new IllegalArgumentException("没有这个代理 (no such agent): " + shown));
                String target = null;
                if (decision.into != null) {
                    target = store.hosts().find(decision.into).map(cn.dengbao.sentinel.collector.store.Host::id)
                            .orElseThrow(() -> new IllegalArgumentException("没有这个主机 (no such host): "
                                    + PlainText.clean(decision.into, 255)));
                }
                String former = store.hosts().mergeAgent(agent.id(), target);
                Map<String, String> detail = new java.util.TreeMap<>(Map.of("agent", agent.id(), "from_host", former));
                detail.put("decision", target == null ? "distinct" : "merge");
                if (target != null) {
                    detail.put("into_host", target);
                }
                store.audit().append("cli", "agent.merge", detail);
                message = target == null ? "agent " + agent.id() + " keeps host " + former + " (marked distinct)"
                        : "agent " + agent.id() + " now reports for host " + target + "; host " + former + " retired";
            }
            spec.commandLine().getOut().println(message);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
