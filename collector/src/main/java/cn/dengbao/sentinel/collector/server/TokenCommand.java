package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.collector.pki.CertificateAuthority;
import cn.dengbao.sentinel.collector.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code token create}: a single-use (by default), expiring enrolment token. Only its SHA-256 is stored. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Enrolment tokens.",
        subcommands = TokenCommand.Create.class)
public final class TokenCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an enrolment token (printed once; only its SHA-256 is stored).")
    public static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--ttl", defaultValue = "24h", description = "validity, e.g. 30m, 24h, 7d (default ${DEFAULT-VALUE})")
        String ttl;

        @Option(names = "--uses", defaultValue = "1", description = "how many agents may enrol with it (default ${DEFAULT-VALUE})")
        int uses;

        @Option(names = "--group", defaultValue = "", description = "group the enrolled agents join (schedules, scans)")
        String group;

        @Override
        public Integer call() throws Exception {
            Duration d;
            try {
                d = Durations.parse(ttl);
                if (uses < 1 || uses > 100_000) {
                    throw new IllegalArgumentException("--uses must be 1..100000");
                }
                if (!group.matches("[\\p{L}\\p{N}._-]{0,64}")) {
                    throw new IllegalArgumentException("--group: letters, digits, . _ - only (max 64)");
                }
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            CollectorConfig cfg = options.load();
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(cfg.pkiPaths(), cfg.serverNamesWithDefaults());
            String token = Tokens.newToken();
            Instant expires = Instant.now().plus(d);
            try (Store store = CollectorRuntime.openStore(cfg)) {
                new StoreBackend(store).create(Tokens.sha256Hex(token), group, expires, uses);
                store.audit().append("cli", "token.create", java.util.Map.of("group", group, "uses", uses,
                        "expires", expires.toString()));
            }
            System.out.println(token);
            System.err.println("expires " + cfg.times().text(expires) + ", uses " + uses + (group.isEmpty() ? "" : ", group " + group));
            System.err.println("CA fingerprint: " + ca.fingerprint());
            return 0;
        }
    }
}
