package cn.dengbao.sentinel.collector.targets;

import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.collector.credentials.CredentialVault;
import cn.dengbao.sentinel.collector.credentials.VaultException;
import cn.dengbao.sentinel.collector.ssh.HostKeyPin;
import cn.dengbao.sentinel.collector.ssh.ScanTask;
import cn.dengbao.sentinel.collector.ssh.SshTarget;
import cn.dengbao.sentinel.collector.store.TargetRecord;
import cn.dengbao.sentinel.collector.store.TargetRepository;
import cn.dengbao.sentinel.collector.text.PlainText;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Adds SSH targets (validating them and sealing their credential with the vault) and turns stored targets
 * ({@link TargetRecord}, credential sealed) into scan tasks.
 */
public final class TargetService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:%-]{0,252}");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");
    private static final Pattern GROUP = Pattern.compile("[\\p{L}\\p{N}._-]{0,64}");

    private final TargetRepository repository;
    private final CredentialVault vault;

    public TargetService(TargetRepository repository, CredentialVault vault) {
        this.repository = repository;
        this.vault = vault;
    }

    public TargetRepository repository() {
        return repository;
    }

    /**
     * Validates and stores a new target; takes ownership of (and wipes) the credential. Throws
     * IllegalArgumentException with an operator-facing message for bad input or an existing name (never replaces).
     */
    public TargetRecord add(String name, String host, int port, String username, boolean sudo, String group,
                            HostKeyPin pin, Credential credential, Instant now)
            throws VaultException {
        try (credential) {
            check(NAME, name, "目标名称 (--name) 只能包含字母、数字、点、下划线、连字符, 最长 64");
            check(HOST, host, "主机 (--host) 需要主机名或 IP 地址");
            check(USER, username, "用户名 (--user) 无效");
            check(GROUP, group == null ? "" : group, "分组 (--group) 无效");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("端口 (--port) 必须在 1-65535 之间");
            }
            if (repository.byName(name).isPresent()) {
                throw new IllegalArgumentException("目标已存在: " + name + " (先 targets remove " + name + ")");
            }
            byte[] sealed = vault.seal(name, credential);
            String auth = credential.type() == Credential.Type.PASSWORD ? TargetRecord.AUTH_PASSWORD
                    : TargetRecord.AUTH_KEY;
            return repository.upsert(new TargetRecord(new SshTarget(name, host, port, username, sudo, group, pin),
                    auth, sealed, now));
        }
    }

    private static void check(Pattern p, String value, String message) {
        if (value == null || !p.matcher(value).matches()) {
            throw new IllegalArgumentException(message + ": '" + PlainText.oneLine(value) + "'");
        }
    }

    public Credential credential(TargetRecord row) throws VaultException {
        return vault.unseal(row.target().name(), row.credentialEnc());
    }

    public ScanTask task(TargetRecord row) {
        return new ScanTask(row.target(), () -> credential(row));
    }

    /** Tasks for a group's targets; {@code "*"} or null = every target. */
    public List<ScanTask> tasksForGroup(String group) {
        return repository.list(everyIfStar(group)).stream().map(this::task).toList();
    }

    /** Whether the group ({@code "*"} or null = every target) has any SSH target; needs no credentials key. */
    public static boolean hasTargets(TargetRepository repository, String group) {
        return !repository.list(everyIfStar(group)).isEmpty();
    }

    private static String everyIfStar(String group) {
        return group == null || group.equals("*") ? null : group;
    }
}
