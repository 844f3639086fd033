package cn.dengbao.sentinel.agent.cli;

import cn.dengbao.sentinel.agent.daemon.AgentConfig;
import cn.dengbao.sentinel.agent.daemon.AgentDaemon;
import cn.dengbao.sentinel.agent.daemon.Backoff;
import cn.dengbao.sentinel.probes.LocalFacts;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.agent.spool.Spool;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the long-lived daemon (systemd unit sentinel-agent.service). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the agent: stream reports to the collector (on start, on schedule, on request).")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final String VERSION = "0.1.0";

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/sentinel-agent/agent.yaml",
            description = "agent.yaml (default ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = AgentConfig.load(config);
        if (!AgentIdentity.exists(cfg.stateDirPath())) {
            throw new IllegalArgumentException("尚未注册 (the agent is not enrolled: no credentials in "
                    + cfg.stateDirPath() + "; run enroll first)");
        }
        AgentIdentity id = AgentIdentity.load(cfg.stateDirPath());
        cfg.withEnrolledCollectors();
        Spool spool = new Spool(cfg.spoolDirPath(), cfg.spool.maxFiles, cfg.spool.maxBytes);
        AgentDaemon daemon = new AgentDaemon(cfg, id, LocalFacts.create(RunCommand.VERSION, cfg.stateDirPath().resolve("cache")), spool, Backoff.standard(),
                RunCommand.VERSION);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "sentinel-agent-shutdown"));
        daemon.start();
        spec.commandLine().getErr().println("sentinel agent " + id.agentId() + " reporting to " + String.join(", ", cfg.addresses())
                + " (spool " + cfg.spoolDirPath() + ", " + spool.size() + " pending)");
        spec.commandLine().getErr().flush();
        stopped.await();
        return 0;
    }
}
