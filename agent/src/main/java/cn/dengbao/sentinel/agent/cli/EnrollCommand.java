package cn.dengbao.sentinel.agent.cli;

import cn.dengbao.sentinel.agent.daemon.AgentConfig;
import cn.dengbao.sentinel.probes.HostBasics;
import cn.dengbao.sentinel.pki.AgentIdentity;
import cn.dengbao.sentinel.agent.enroll.Enroller;
import cn.dengbao.sentinel.agent.enroll.MachineIdentities;
import cn.dengbao.sentinel.agent.enroll.EnrollmentException;
import cn.dengbao.sentinel.common.cli.CommandFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code enroll}: obtain this agent's client certificate. The TLS connection is checked against
 * {@code --ca-fingerprint} before the token is sent; on a mismatch nothing is sent and both fingerprints are shown.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = "Enrol with a collector: token + locally generated key → client certificate (stored 0600).")
public final class EnrollCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--collector", paramLabel = "HOST:PORT", description = "collector address (default: from --config)")
    String collector;

    @Option(names = "--ca-fingerprint", required = true, paramLabel = "SHA256:HEX",
            description = "the collector CA fingerprint shown by `serve` / `token create`")
    String caFingerprint;

    @Option(names = "--token", paramLabel = "TOKEN", description = "enrolment token (prefer --token-file or SENTINEL_ENROLL_TOKEN: command lines are visible to other users)")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE")
    Path tokenFile;

    @Option(names = "--config", paramLabel = "FILE", description = "agent.yaml (collector, stateDir)")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where key and certificates go (default /var/lib/sentinel-agent)")
    Path stateDir;

    @Option(names = "--force", description = "replace an existing enrolment")
    boolean force;

    @Override
    public Integer call() throws IOException {
        AgentConfig cfg = config != null ? AgentConfig.load(config) : new AgentConfig();
        if (collector != null) {
            cfg.collector = collector;
        }
        if (stateDir != null) {
            cfg.stateDir = stateDir.toString();
        }
        cfg.validate();
        String t = token;
        if (t == null && tokenFile != null) {
            try {
                t = Files.readString(tokenFile).strip();
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("令牌文件不存在 (--token-file not found): " + tokenFile);
            }
        }
        if (t == null) {
            t = System.getenv("SENTINEL_ENROLL_TOKEN");
        }
        if (t == null || t.isBlank()) {
            throw new IllegalArgumentException("需要注册令牌 (an enrolment token is required: --token, --token-file or "
                    + "SENTINEL_ENROLL_TOKEN)");
        }
        if (AgentIdentity.exists(cfg.stateDirPath()) && !force) {
            throw new IllegalArgumentException("已经注册过 (already enrolled: " + cfg.stateDirPath()
                    + "); use --force to enrol again");
        }
        try {
            // --collector, else the first of agent.yaml's collectors (or its collector)
            Enroller enroller = new Enroller(collector != null ? collector : cfg.addresses().get(0), caFingerprint, 30);
            AgentIdentity id = enroller.enroll(t, HostBasics.hostname(), HostBasics.osPrettyName(), RunCommand.VERSION,
                            MachineIdentities.read(Path.of("/")), cfg.stateDirPath());
            spec.commandLine().getOut().println("enrolled as " + id.agentId()
                    + (id.group().isEmpty() ? "" : " (group " + id.group() + ")") + "; credentials in " + cfg.stateDirPath());
            AgentConfig.saveEnrolledCollectors(cfg.stateDirPath(), enroller.collectors());
            if (!enroller.collectors().isEmpty()) {
                // several collectors share the database: `run` fails over along this list
                spec.commandLine().getOut().println("collectors: " + String.join(", ", enroller.collectors())
                        + " (kept in " + cfg.stateDirPath().resolve(AgentConfig.ENROLLED_COLLECTORS)
                        + "; agent.yaml `collectors` overrides it)");
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (EnrollmentException e) {
            throw new CommandFailedException("注册失败 (enrolment failed): " + e.getMessage(), e);
        }
    }
}
