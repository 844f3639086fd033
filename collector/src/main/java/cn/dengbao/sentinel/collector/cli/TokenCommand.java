package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.server.CollectorConfig;
import cn.dengbao.sentinel.collector.server.StoreBackend;
import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code token create}: a single-use (by default), expiring enrolment token. Only its SHA-256 is stored. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Enrolment tokens.",
        subcommands = TokenCommand.Create.class)
public final class TokenCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an enrolment token (printed once; only its SHA-256 is stored).")
    public static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions options;
        @Spec
        CommandSpec spec;

        @Option(names = "--ttl", defaultValue = "24h", description = "validity, e.g. 30m, 24h, 7d (default ${DEFAULT-VALUE})")
        String ttl;

        @Option(names = "--uses", defaultValue = "1", description = "how many agents may enrol with it (default ${DEFAULT-VALUE})")
        int uses;

        @Option(names = "--group", defaultValue = "", description = "group the enrolled agents join (schedules, scans)")
        String group;

        @Override
        public Integer call() throws Exception {
            Duration d = Durations.parse(ttl);
            if (uses < 1 || uses > 100_000) {
                throw new IllegalArgumentException("--uses 应为 1..100000 (--uses must be 1..100000)");
            }
            if (!group.matches("[\\p{L}\\p{N}._-]{0,64}")) {
                throw new IllegalArgumentException("--group 只能含字母、数字和 . _ -，最长 64 "
                        + "(letters, digits, . _ - only, max 64)");
            }
            CollectorConfig cfg = options.config();
            try (Store store = options.open()) {
                // agents pin this fingerprint: a token is only worth handing out with the CA of the running collector
                String fingerprint = CertificateAuthority.existingFingerprint(cfg.pkiPaths())
                        .orElseThrow(() -> new IllegalArgumentException("找不到采集端 CA 证书 (no collector CA at "
                                + cfg.pkiPaths().caCert() + ")：请用 serve 所用的 --data-dir / --config"));
                String token = Tokens.newToken();
                Instant expires = Instant.now().plus(d);
                new StoreBackend(store).create(Tokens.sha256Hex(token), group, expires, uses);
                store.audit().append("cli", "token.create", java.util.Map.of("group", group, "uses", uses,
                        "expires", expires.toString()));
                PrintWriter out = spec.commandLine().getOut();
                PrintWriter err = spec.commandLine().getErr();
                out.println(token);
                out.flush();
                err.println("expires " + expires + ", uses " + uses + (group.isEmpty() ? "" : ", group " + group));
                err.println("CA fingerprint: " + fingerprint);
                err.flush();
            }
            return 0;
        }
    }
}
