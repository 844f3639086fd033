package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.collector.ssh.HostKeyPin;
import cn.dengbao.sentinel.collector.ssh.SshTarget;
import cn.dengbao.sentinel.collector.store.Json;
import cn.dengbao.sentinel.collector.store.TargetRecord;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.targets.TargetService;
import cn.dengbao.sentinel.collector.targets.TargetTester;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.collector.text.TextTable;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code targets add|list|remove|test}: agentless SSH scan targets with pinned host keys and sealed credentials. */
@Command(name = "targets", mixinStandardHelpOptions = true, description = "SSH scan targets (agentless): add, list, remove, test.",
        subcommands = {TargetsCommand.Add.class, TargetsCommand.ListTargets.class, TargetsCommand.Remove.class,
                TargetsCommand.Test.class})
public final class TargetsCommand extends CommandGroup {

    /** Environment lookup; tests replace it (a JVM cannot set its own environment). */
    static java.util.function.UnaryOperator<String> env = System::getenv;

    static final String HOW_TO_PIN = """
            需要固定主机密钥 (a host key pin is required; there is no accept-any mode):
              --host-key-fingerprint SHA256:…   或   --known-hosts FILE
            获取指纹 (how to get it):
              ssh-keyscan -p PORT HOST > host.keys && ssh-keygen -lf host.keys
            并通过带外方式 (控制台/管理员) 在目标主机上核对: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub""";

    static final class Auth {
        @Option(names = "--key", paramLabel = "FILE", required = true, description = "Private key file (OpenSSH/PEM).")
        Path key;
        @Option(names = "--password-env", paramLabel = "VAR", required = true,
                description = "Name of the environment variable holding the password (never on the command line).")
        String passwordEnv;
    }

    static final class Pin {
        @Option(names = "--host-key-fingerprint", paramLabel = "SHA256:…", required = true,
                description = "The host key's SHA-256 fingerprint as printed by ssh-keygen -lf.")
        String fingerprint;
        @Option(names = "--known-hosts", paramLabel = "FILE", required = true,
                description = "known_hosts file holding the host's key line(s), e.g. from ssh-keyscan.")
        Path knownHosts;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a target. Exit 2 on bad input, including a missing host key pin.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Mixin
        SshCliOptions ssh;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", required = true, description = "Target name (also the host's name in reports).")
        String name;
        @Option(names = "--host", required = true, description = "Host name or IP address.")
        String host;
        @Option(names = "--port", defaultValue = "22", description = "SSH port (default: ${DEFAULT-VALUE}).")
        int port;
        @Option(names = "--user", required = true, description = "Login user (ideally a dedicated read-only account).")
        String user;
        @Option(names = "--key-passphrase-env", paramLabel = "VAR",
                description = "Environment variable holding the private key's passphrase.")
        String passphraseEnv;
        @Option(names = "--sudo", description = "Read unreadable files with sudo -n cat and run the fixed commands with sudo -n.")
        boolean sudo;
        @Option(names = "--group", defaultValue = "", description = "Group (schedules scan groups).")
        String group;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Auth auth;
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Pin pin;
        @Option(names = "--actor", paramLabel = "NAME", description = "Who adds it, for the audit log (default: the OS user).")
        String actor;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (pin == null) {
                throw new IllegalArgumentException(HOW_TO_PIN);
            }
            HostKeyPin hostKey = pin.fingerprint != null ? HostKeyPin.ofFingerprint(pin.fingerprint)
                    : HostKeyPin.fromKnownHosts(Files.readString(pin.knownHosts, StandardCharsets.UTF_8), host, port);
            Credential credential = credential();
            try (Store store = storeOptions.open()) {
                TargetService svc = new TargetService(store.targets(), ssh.vault(storeOptions, true));
                TargetRecord r = svc.add(name, host, port, user, sudo, group, hostKey, credential, Instant.now());
                SshTarget t = r.target();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("name", t.name());
                details.put("host", t.host());
                details.put("port", t.port());
                details.put("user", t.username());
                details.put("auth", r.authType());
                details.put("sudo", t.useSudo());
                details.put("group", t.group());
                details.put("host_key_sha256", t.pin().fingerprint());
                store.audit().append(FindingsCommand.actorOr(actor), "ssh_target.add", details);
                out.printf("已添加目标 %s: %s@%s:%d (%s%s), 主机密钥 %s%n", t.name(), t.username(), t.host(), t.port(),
                        r.authType(), t.useSudo() ? ", sudo" : "", hostKey.expectedDescription());
                out.flush();
                return 0;
            }
        }

        private Credential credential() throws IOException {
            if (auth.passwordEnv != null) {
                String pw = env.apply(auth.passwordEnv);
                if (pw == null || pw.isEmpty()) {
                    throw new IllegalArgumentException("环境变量 " + auth.passwordEnv + " 未设置或为空 (--password-env "
                            + "names a variable, e.g. read -s SSH_PW; export SSH_PW)");
                }
                return Credential.password(pw.getBytes(StandardCharsets.UTF_8));
            }
            byte[] key = Files.readAllBytes(auth.key);
            byte[] pass = new byte[0];
            if (passphraseEnv != null) {
                String p = env.apply(passphraseEnv);
                if (p == null) {
                    throw new IllegalArgumentException("环境变量 " + passphraseEnv + " 未设置 (--key-passphrase-env: "
                            + "variable not set)");
                }
                pass = p.getBytes(StandardCharsets.UTF_8);
            }
            return Credential.privateKey(key, pass);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List targets (credentials are never shown).")
    static final class ListTargets implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Mixin
        ListFormat format;
        @Spec
        CommandSpec spec;
        @Option(names = "--group", description = "Only this group.")
        String group;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = storeOptions.open()) {
                List<TargetRecord> targets = store.targets().list(group);
                if (format.json()) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (TargetRecord r : targets) {
                        SshTarget t = r.target();
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", t.name());
                        m.put("host", t.host());
                        m.put("port", t.port());
                        m.put("user", t.username());
                        m.put("auth", r.authType());
                        m.put("sudo", t.useSudo());
                        m.put("group", t.group());
                        m.put("hostKeySha256", t.pin().fingerprint());
                        m.put("createdAt", ListFormat.iso(r.createdAt()));
                        rows.add(m);
                    }
                    out.println(Json.write(rows));
                } else {
                    TextTable table = new TextTable("名称", "用户@主机:端口", "认证", "sudo", "分组", "主机密钥指纹");
                    for (TargetRecord r : targets) {
                        SshTarget t = r.target();
                        table.row(t.name(), t.username() + "@" + t.host() + ":" + t.port(), r.authType(),
                                t.useSudo() ? "yes" : "no", t.group(), t.pin().fingerprint());
                    }
                    out.print(table);
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a target (its sealed credential goes with it).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--actor", paramLabel = "NAME")
        String actor;

        @Override
        public Integer call() {
            try (Store store = storeOptions.open()) {
                if (!store.targets().delete(name)) {
                    throw new IllegalArgumentException("目标不存在 (no such target): " + PlainText.oneLine(name));
                }
                store.audit().append(FindingsCommand.actorOr(actor), "ssh_target.remove", Map.of("name", name));
                spec.commandLine().getOut().println("已删除目标 " + PlainText.oneLine(name));
                return 0;
            }
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Connect, authenticate and report what a scan could read. Exit 1 when the target cannot be scanned.")
    static final class Test implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Mixin
        SshCliOptions ssh;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try (Store store = storeOptions.open()) {
                TargetRecord t = store.targets().byName(name)
                        .orElseThrow(() -> new IllegalArgumentException("目标不存在 (no such target): " + PlainText.oneLine(name)));
                TargetTester.Report r = new TargetTester(new TargetService(store.targets(), ssh.vault(storeOptions, false)),
                        ssh.sshOptions()).test(t);
                spec.commandLine().getOut().println(r.text());
                spec.commandLine().getOut().flush();
                return r.ok() ? 0 : 1;
            }
        }
    }
}
