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
import picocli.CommandLine.Option;

/** {@code run}: the long-lived daemon (systemd unit sentinel-agent.service). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the agent: stream reports to the collector (on start, on schedule, on request).")
public final class RunCommand implements Callable<Integer> {
    static final String VERSION = "0.1.0";

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/sentinel-agent/agent.yaml",
            description = "agent.yaml (default ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg;
        AgentIdentity id;
        try {
            cfg = AgentConfig.load(config);
            id = AgentIdentity.load(cfg.stateDirPath());
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("cannot start: " + e.getMessage());
            return 2;
        }
        Spool spool = new Spool(cfg.spoolDirPath(), cfg.spool.maxFiles, cfg.spool.maxBytes);
        AgentDaemon daemon = new AgentDaemon(cfg, id, LocalFacts.create(RunCommand.VERSION, cfg.stateDirPath().resolve("cache")), spool, Backoff.standard(),
                RunCommand.VERSION);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "sentinel-agent-shutdown"));
        daemon.start();
        System.err.println("sentinel agent " + id.agentId() + " reporting to " + cfg.collector
                + " (spool " + cfg.spoolDirPath() + ", " + spool.size() + " pending)");
        stopped.await();
        return 0;
    }
}
