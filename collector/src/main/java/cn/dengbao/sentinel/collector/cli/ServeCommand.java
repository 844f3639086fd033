package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.server.Wiring;
import cn.dengbao.sentinel.collector.server.CollectorRuntime;
import cn.dengbao.sentinel.collector.server.CollectorConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: runs the collector until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the collector: agent enrolment, mutual-TLS report streams (default 127.0.0.1:8443) and the "
                + "scheduled scans of `schedules add` (SSH targets and agent groups).")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        CollectorConfig cfg;
        try {
            cfg = options.load();
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("配置错误 (config error): " + e.getMessage());
            return 2;
        }
        CollectorRuntime rt;
        try {
            rt = CollectorRuntime.start(cfg, Wiring::evaluator);
        } catch (java.io.IOException e) {
            System.err.println("无法启动 (cannot start): " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(rt::close, "sentinel-shutdown"));
        System.out.println("sentinel collector listening on " + cfg.host() + ":" + rt.port());
        System.out.println("data dir: " + cfg.dataDirPath().toAbsolutePath());
        System.out.println("CA fingerprint: " + rt.ca().fingerprint());
        System.out.println(rt.scheduledScans().isPresent()
                ? "scheduler: on (schedules add …; SSH concurrency " + cfg.scheduler.concurrency + ", credentials key "
                        + cfg.vaultKeyPath() + ")"
                : "scheduler: off (scheduler.enabled: false)");
        System.out.println("enrol an agent: sentinel-collector token create --data-dir " + cfg.dataDirPath()
                + "  then  sentinel-agent enroll --collector <host>:" + rt.port() + " --ca-fingerprint "
                + rt.ca().fingerprint() + " --token-file <file>");
        System.out.flush();
        rt.awaitTermination();
        return 0;
    }
}
