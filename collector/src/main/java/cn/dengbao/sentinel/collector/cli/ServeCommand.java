package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.store.Store;

import cn.dengbao.sentinel.collector.server.CollectorConfig;
import cn.dengbao.sentinel.collector.server.CollectorRuntime;
import cn.dengbao.sentinel.collector.server.Wiring;
import cn.dengbao.sentinel.common.cli.CommandFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: runs the collector until stopped; the one command that creates the store and the CA. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the collector: agent enrolment, mutual-TLS report streams (default 127.0.0.1:8443) and the "
                + "scheduled scans of `schedules add` (SSH targets and agent groups).")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions options;
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "listen address (default 127.0.0.1:8443)")
    String listen;

    @Override
    public Integer call() throws Exception {
        CollectorConfig cfg = options.config();
        if (listen != null) {
            cfg.listen = listen;
            cfg.validate();
        }
        CollectorRuntime rt;
        try {
            rt = CollectorRuntime.start(cfg, (Store store) -> Wiring.withVulnFeeds(store, cfg.vulnFeedMaxAge()));
        } catch (FileSystemException e) {
            throw e; // names the file: the error handler says what is wrong with it
        } catch (IOException e) {
            throw new CommandFailedException("无法启动 (cannot start): " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(rt::close, "sentinel-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("sentinel collector listening on " + cfg.host() + ":" + rt.port());
        out.println("data dir: " + cfg.dataDirPath().toAbsolutePath());
        out.println("CA fingerprint: " + rt.ca().fingerprint());
        out.println(rt.scheduledScans().isPresent()
                ? "scheduler: on (schedules add …; SSH concurrency " + cfg.scheduler.concurrency + ", credentials key "
                        + cfg.vaultKeyPath() + ")"
                : "scheduler: off (scheduler.enabled: false)");
        out.println("enrol an agent: sentinel-collector token create --data-dir " + cfg.dataDirPath()
                + "  then  sentinel-agent enroll --collector <host>:" + rt.port() + " --ca-fingerprint "
                + rt.ca().fingerprint() + " --token-file <file>");
        out.flush();
        rt.awaitTermination();
        return 0;
    }
}
