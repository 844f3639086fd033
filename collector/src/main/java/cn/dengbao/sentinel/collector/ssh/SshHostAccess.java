package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.AccountNames;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@link HostAccess} over one SSH session: files and directories through SFTP ({@link SftpFiles}), fixed commands
 * through an exec channel without a PTY ({@link RemoteExec}). With {@code useSudo}, a file or directory SFTP may not
 * read is read with {@code sudo -n} — the first time together with the other root-only files the probes read, in
 * one process ({@link SudoReads}) — and commands run as {@code sudo -n argv}; a refusal is PERMISSION_DENIED with
 * sudo's reason. All reads are bounded in size and time ({@link HostDeadline}); {@link #abort()} cuts the session
 * from another thread when the per-host time limit passes. What one session read is kept for it ({@link ReadCache}).
 */
public final class SshHostAccess implements HostAccess {

    private final SshTarget target;
    private final SshOptions options;
    private final Session session;
    private final String presentedFingerprint;
    private final HostDeadline deadline;
    private final SftpFiles files;
    private final RemoteExec exec;
    private final ReadCache cache = new ReadCache();
    private final SudoReads sudo;
    private Map<Long, String> users;
    private Map<Long, String> groups;

    private SshHostAccess(SshTarget target, SshOptions options, SshSession.Opened opened, long deadlineNanos) {
        this.target = target;
        this.options = options;
        this.session = opened.session();
        this.presentedFingerprint = opened.presentedFingerprint();
        this.deadline = new HostDeadline(deadlineNanos, options.hostTimeout(), target.name());
        this.files = new SftpFiles(session, target, options, deadline);
        this.exec = new RemoteExec(session, options, deadline);
        this.sudo = new SudoReads(files, exec, cache, options, deadline);
    }

    /**
     * Connects, verifies the host key against the target's pin and authenticates. The credential is wiped
     * afterwards whatever happens.
     */
    public static SshHostAccess connect(SshTarget target, Credential credential, SshOptions options) throws SshScanException {
        long deadline = System.nanoTime() + options.hostTimeout().toNanos();
        return new SshHostAccess(target, options, SshSession.open(target, credential, options), deadline);
    }

    /** The SSH key type name inside a public key blob. */
    static String keyType(byte[] blob) {
        return SshSession.keyType(blob);
    }

    public SshTarget target() {
        return target;
    }

    /** SHA-256 fingerprint of the (pinned, verified) key the server presented. */
    public String presentedFingerprint() {
        return presentedFingerprint;
    }

    @Override
    public AccessMode mode() {
        return AccessMode.SSH;
    }

    /** Cuts the session from another thread (per-host time limit); blocked reads then fail with TIMEOUT. */
    public void abort() {
        deadline.abort();
        session.disconnect();
    }

    @Override
    public void close() {
        files.close();
        session.disconnect();
    }

    /** How many {@code sudo -n cat} processes this session started (batched or single); for tests and benchmarks. */
    int sudoReads() {
        return sudo.count();
    }

    @Override
    public byte[] read(String path, int maxBytes) throws AccessException {
        RemoteCommands.validatePath(path);
        deadline.check(path);
        byte[] cached = cache.get(path, maxBytes);
        if (cached != null) {
            return cached;
        }
        try {
            byte[] bytes = readUncached(path, maxBytes);
            cache.putContent(path, bytes);
            return bytes;
        } catch (AccessException e) {
            if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.PERMISSION_DENIED) {
                cache.putFailure(path, e);
            }
            throw e;
        }
    }

    private byte[] readUncached(String path, int maxBytes) throws AccessException {
        try {
            return files.read(path, maxBytes);
        } catch (SftpException e) {
            if (SftpFiles.denied(e) && target.useSudo()) {
                return sudo.read(path, maxBytes);
            }
            throw files.error(path, e);
        }
    }

    @Override
    public List<String> list(String dir) throws AccessException {
        RemoteCommands.validatePath(dir);
        deadline.check(dir);
        try {
            return files.list(dir);
        } catch (SftpException e) {
            if (SftpFiles.denied(e) && target.useSudo()) {
                return sudo.list(dir);
            }
            throw files.error(dir, e);
        }
    }

    @Override
    public FileStat stat(String path, boolean followLinks) throws AccessException {
        RemoteCommands.validatePath(path);
        deadline.check(path);
        SftpATTRS a;
        try {
            a = files.stat(path, followLinks);
        } catch (SftpException e) {
            throw files.error(path, e);
        }
        long uid = Integer.toUnsignedLong(a.getUId());
        long gid = Integer.toUnsignedLong(a.getGId());
        return new FileStat(path, a.isDir(), a.isReg(), a.isLink(), a.getPermissions() & 07777, uid, gid,
                userName(uid), groupName(gid), a.getSize(), Integer.toUnsignedLong(a.getMTime()) * 1000L);
    }

    @Override
    public CommandResult run(FixedCommand command) throws AccessException {
        String name = String.join(" ", command.argv());
        RemoteExec.Result r = exec.run(RemoteCommands.fixed(command, target.useSudo()), options.maxCommandOutput(), name);
        if (r.truncated()) {
            throw new AccessException(ErrorKind.TOO_LARGE, name, "命令输出超过上限 " + options.maxCommandOutput() + " 字节: " + name);
        }
        if (target.useSudo() && r.exitCode() != 0) {
            String refusal = RemoteCommands.sudoRefusal(r.stderr());
            if (refusal != null) {
                throw new AccessException(ErrorKind.PERMISSION_DENIED, name, "sudo 被拒绝 (sudo refused): " + refusal + " — " + name);
            }
            if (r.stderr().contains("sudo:") && r.stderr().contains("command not found")) {
                throw new AccessException(ErrorKind.COMMAND_ABSENT, name, "命令不存在: " + command.argv().get(0));
            }
        }
        if (r.exitCode() == 127) {
            throw new AccessException(ErrorKind.COMMAND_ABSENT, name, "命令不存在: " + command.argv().get(0));
        }
        return new CommandResult(command, r.exitCode(), r.stdoutText(), r.stderr());
    }

    // Owner and group names come from the target's own account databases; an id they do not name is shown as the number.

    private synchronized String userName(long uid) {
        if (users == null) {
            users = accountNames("/etc/passwd");
        }
        return users.getOrDefault(uid, Long.toString(uid));
    }

    private synchronized String groupName(long gid) {
        if (groups == null) {
            groups = accountNames("/etc/group");
        }
        return groups.getOrDefault(gid, Long.toString(gid));
    }

    private Map<Long, String> accountNames(String file) {
        try {
            return AccountNames.parse(new String(read(file, DEFAULT_MAX_BYTES), StandardCharsets.UTF_8));
        } catch (AccessException e) {
            return Map.of(); // unreadable: owners are shown as numbers
        }
    }

    @Override
    public String toString() {
        return "SshHostAccess[" + target.name() + " " + target.username() + "@" + target.host() + ":" + target.port() + "]";
    }
}
