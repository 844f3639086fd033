package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;

/**
 * {@link HostAccess} over one SSH session (JSch): files and directories through SFTP, fixed commands through an
 * exec channel without a PTY (so sudo can never prompt). With {@code useSudo}, a file SFTP may not read is read
 * with {@code sudo -n cat} — the first time together with the other well-known root-only files in one process
 * ({@link SudoBatch}) — and commands run as {@code sudo -n argv}; a refusal is PERMISSION_DENIED
 * with sudo's reason. All reads are bounded in size and time; {@link #abort()} cuts the session from another
 * thread when the per-host time limit passes.
 */
public final class SshHostAccess implements HostAccess {

    private static final int SSH_FX_NO_SUCH_FILE = 2;
    private static final int SSH_FX_PERMISSION_DENIED = 3;
    private static final int MAX_STDERR = 64 * 1024;
    /** Post-quantum hybrid first where the server has it (OpenSSH ≥ 9.9), then curve25519; no SHA-1 groups. */
    private static final String KEX = "mlkem768x25519-sha256,curve25519-sha256,curve25519-sha256@libssh.org,"
            + "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
            + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256";
    /** AEAD first (no separate MAC pass); CTR+ETM kept for older servers. */
    private static final String CIPHERS = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr";

    private final SshTarget target;
    private final SshOptions options;
    private final Session session;
    private final String presentedFingerprint;
    private final Object sftpLock = new Object();
    private final long deadlineNanos;
    private ChannelSftp sftp;
    private volatile boolean aborted;
    /**
     * Files already read in this session (bytes, or the NOT_FOUND / PERMISSION_DENIED outcome). Probes read some
     * files several times (PAM stacks, login.defs); one session is one scan, a single snapshot, so re-reading over
     * the network only costs round trips (and sudo processes on the target). Bounded in total size.
     */
    private final Map<String, Object> readCache = new HashMap<>();
    private long cachedBytes;
    private static final long MAX_CACHED_BYTES = 16L * 1024 * 1024;
    /** One batch at a time; set once the well-known root-only files were prefetched (or tried) in this session. */
    private final Object sudoLock = new Object();
    private boolean prefetched;
    private int sudoReads;
    private Map<Long, String> users;
    private Map<Long, String> groups;

    private SshHostAccess(SshTarget target, SshOptions options, Session session, String presentedFingerprint, long deadlineNanos) {
        this.target = target;
        this.options = options;
        this.session = session;
        this.presentedFingerprint = presentedFingerprint;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Connects, verifies the host key against the target's pin and authenticates. The credential is wiped
     * afterwards whatever happens.
     */
    public static SshHostAccess connect(SshTarget target, Credential credential, SshOptions options) throws SshScanException {
        long deadline = System.nanoTime() + options.hostTimeout().toNanos();
        PinnedHostKeyRepository keys = new PinnedHostKeyRepository(target.pin());
        Session session = null;
        try (credential) {
            JSch jsch = new JSch();
            session = jsch.getSession(target.username(), target.host(), target.port());
            session.setHostKeyRepository(keys);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferKnownHostKeyTypes", "yes");
            // JSch by default test-initialises ~8 key exchanges (incl. post-quantum ones through BouncyCastle) and
            // the ed25519/ed448 signatures on every connect to drop unavailable ones; Java 17 has X25519 and
            // Ed25519, so only the post-quantum hybrid needs that check. Saves CPU on every host of a scan.
            session.setConfig("CheckKexes", "mlkem768x25519-sha256");
            session.setConfig("CheckSignatures", "");
            session.setConfig("CheckCiphers", "");
            session.setConfig("kex", KEX);
            session.setConfig("cipher.c2s", CIPHERS);
            session.setConfig("cipher.s2c", CIPHERS);
            session.setDaemonThread(true);
            if (credential.type() == Credential.Type.PASSWORD) {
                session.setConfig("PreferredAuthentications", "password");
                session.setPassword(credential.secret().clone());
            } else {
                session.setConfig("PreferredAuthentications", "publickey");
                byte[] pass = credential.passphrase().length == 0 ? null : credential.passphrase().clone();
                try {
                    jsch.addIdentity(target.name(), credential.secret().clone(), null, pass);
                } catch (JSchException e) {
                    throw new SshScanException(SshScanException.Reason.CREDENTIAL,
                            "目标 " + target.name() + " 的私钥无法加载 (wrong passphrase or unsupported key format)");
                }
            }
            session.setServerAliveInterval((int) Math.min(Integer.MAX_VALUE, Math.max(1000, options.connectTimeout().toMillis())));
            session.setServerAliveCountMax(3);
            // the handshake counts against the per-host limit too
            session.connect(timeoutMillis(options.connectTimeout().compareTo(options.hostTimeout()) < 0
                    ? options.connectTimeout() : options.hostTimeout()));
            byte[] presented = keys.presented();
            return new SshHostAccess(target, options, session, presented == null ? "" : HostKeyPin.fingerprintOf(presented), deadline);
        } catch (JSchException e) {
            if (session != null) {
                session.disconnect();
            }
            throw translate(target, keys, e);
        }
    }

    private static SshScanException translate(SshTarget target, PinnedHostKeyRepository keys, JSchException e) {
        String where = target.name() + " (" + target.host() + ":" + target.port() + ")";
        byte[] presented = keys.presented();
        if (e instanceof JSchChangedHostKeyException || e instanceof JSchUnknownHostKeyException
                || (presented != null && !target.pin().matches(presented))) {
            String type = presented == null ? "" : keyType(presented) + " ";
            return new HostKeyMismatchException(where, target.pin().expectedDescription(),
                    presented == null ? "(none)" : type + HostKeyPin.fingerprintOf(presented));
        }
        Throwable cause = e.getCause();
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (cause instanceof SocketTimeoutException || msg.contains("timeout") || msg.contains("timed out")) {
            return new SshScanException(SshScanException.Reason.TIMEOUT, "连接超时 (connect timeout) " + where, e);
        }
        if (cause instanceof ConnectException) {
            return new SshScanException(SshScanException.Reason.CONNECT, "无法连接 (connection refused) " + where, e);
        }
        if (cause instanceof UnknownHostException) {
            return new SshScanException(SshScanException.Reason.CONNECT, "主机名无法解析 (unknown host) " + where, e);
        }
        if (msg.startsWith("Auth fail") || msg.contains("Auth cancel") || msg.contains("USERAUTH fail")) {
            return new SshScanException(SshScanException.Reason.AUTH,
                    "认证失败 (authentication failed) " + where + " 用户 " + target.username(), e);
        }
        // JSch messages describe protocol state, never credentials.
        return new SshScanException(SshScanException.Reason.PROTOCOL, "SSH 连接失败 " + where + ": " + msg, e);
    }

    /** The SSH key type name inside a public key blob (first length-prefixed string). */
    static String keyType(byte[] blob) {
        if (blob.length < 4) {
            return "?";
        }
        int n = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (n <= 0 || n > 64 || 4 + n > blob.length) {
            return "?";
        }
        return new String(blob, 4, n, StandardCharsets.US_ASCII);
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
        aborted = true;
        session.disconnect();
    }

    @Override
    public void close() {
        synchronized (sftpLock) {
            if (sftp != null) {
                sftp.disconnect();
            }
        }
        session.disconnect();
    }

    // ---- files -------------------------------------------------------------------------------------------

    @Override
    public byte[] read(String path, int maxBytes) throws AccessException {
        RemoteCommands.validatePath(path);
        checkTime(path);
        Object cached;
        synchronized (readCache) {
            cached = readCache.get(path);
        }
        if (cached instanceof byte[] bytes) {
            if (bytes.length > maxBytes) {
                throw new AccessException(ErrorKind.TOO_LARGE, path, "文件超过读取上限 " + maxBytes + " 字节: " + path);
            }
            return bytes.clone();
        }
        if (cached instanceof AccessException e) {
            throw new AccessException(e.kind(), e.path(), e.getMessage());
        }
        try {
            byte[] bytes = readUncached(path, maxBytes);
            cachePut(path, bytes);
            return bytes;
        } catch (AccessException e) {
            if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.PERMISSION_DENIED) {
                synchronized (readCache) {
                    readCache.put(path, e);
                }
            }
            throw e;
        }
    }

    private void cachePut(String path, byte[] bytes) {
        synchronized (readCache) {
            if (!readCache.containsKey(path) && cachedBytes + bytes.length <= MAX_CACHED_BYTES) {
                readCache.put(path, bytes.clone());
                cachedBytes += bytes.length;
            }
        }
    }

    /** How many {@code sudo -n cat} processes this session started (batched or single); for tests and benchmarks. */
    int sudoReads() {
        synchronized (sudoLock) {
            return sudoReads;
        }
    }

    private byte[] readUncached(String path, int maxBytes) throws AccessException {
        try {
            synchronized (sftpLock) {
                try (InputStream in = sftp().get(globEscape(path))) {
                    return readBounded(in, path, maxBytes);
                }
            }
        } catch (SftpException e) {
            if (e.id == SSH_FX_PERMISSION_DENIED && target.useSudo()) {
                return sudoReadBatched(path, maxBytes);
            }
            throw sftpError(path, e);
        } catch (IOException e) {
            throw ioError(path, e);
        }
    }

    /**
     * The first denied read of the session also fetches the other well-known root-only files, all in one
     * {@code sudo -n cat}; later denied reads of those are then served from the cache. Falls back to one
     * {@code sudo -n cat} for this file whenever the batch cannot be trusted (see {@link SudoBatch}).
     */
    private byte[] sudoReadBatched(String path, int maxBytes) throws AccessException {
        synchronized (sudoLock) {
            Object cached;
            synchronized (readCache) {
                cached = readCache.get(path);
            }
            if (cached instanceof byte[] bytes) { // fetched by a batch while this thread waited
                if (bytes.length > maxBytes) {
                    throw new AccessException(ErrorKind.TOO_LARGE, path, "文件超过读取上限 " + maxBytes + " 字节: " + path);
                }
                return bytes.clone();
            }
            if (prefetched) {
                return sudoRead(path, maxBytes);
            }
            prefetched = true;
            SudoBatch.Planned self = plan(path, Math.min(maxBytes, SudoBatch.MAX_FILE_BYTES), false);
            if (self == null) {
                return sudoRead(path, maxBytes);
            }
            List<SudoBatch.Planned> plan = new ArrayList<>();
            plan.add(self);
            long total = self.size();
            int commandChars = path.length();
            for (String p : prefetchCandidates(path)) {
                if (plan.size() >= SudoBatch.MAX_FILES) {
                    break;
                }
                synchronized (readCache) {
                    if (readCache.containsKey(p)) {
                        continue;
                    }
                }
                SudoBatch.Planned other = plan(p, SudoBatch.MAX_FILE_BYTES, true);
                if (other != null && total + other.size() <= SudoBatch.MAX_TOTAL_BYTES
                        && commandChars + p.length() + 3 <= SudoBatch.MAX_COMMAND_CHARS) {
                    plan.add(other);
                    total += other.size();
                    commandChars += p.length() + 3;
                }
            }
            if (plan.size() == 1) {
                return sudoRead(path, maxBytes);
            }
            List<String> paths = plan.stream().map(SudoBatch.Planned::path).toList();
            sudoReads++;
            // one byte over the planned total marks a file that grew: truncated, not trusted
            ExecResult r = exec(RemoteCommands.sudoCatAll(paths), (int) Math.min(Integer.MAX_VALUE - 1, total) + 1, path);
            if (!r.truncated && r.exitCode != 0) {
                String refusal = RemoteCommands.sudoRefusal(r.stderr);
                if (refusal != null) {
                    // sudo said no for cat itself: it will for every file, so record that once for all of them
                    for (String p : paths) {
                        synchronized (readCache) {
                            readCache.putIfAbsent(p, new AccessException(ErrorKind.PERMISSION_DENIED, p,
                                    "无读取权限, sudo 被拒绝 (sudo refused): " + refusal + " — " + p));
                        }
                    }
                    throw new AccessException(ErrorKind.PERMISSION_DENIED, path,
                            "无读取权限, sudo 被拒绝 (sudo refused): " + refusal + " — " + path);
                }
            }
            java.util.Optional<List<byte[]>> parts = r.exitCode == 0 && !r.truncated
                    ? SudoBatch.split(r.stdout, plan) : java.util.Optional.empty();
            if (parts.isPresent() && unchanged(plan)) {
                for (int i = 1; i < plan.size(); i++) {
                    cachePut(plan.get(i).path(), parts.get().get(i));
                }
                byte[] mine = parts.get().get(0);
                if (mine.length > maxBytes) {
                    throw new AccessException(ErrorKind.TOO_LARGE, path, "文件超过读取上限 " + maxBytes + " 字节: " + path);
                }
                return mine;
            }
            return sudoRead(path, maxBytes);
        }
    }

    /**
     * A regular file (after links, as cat follows them) small enough to batch (and, for prefetch, not world-readable),
     * with its size; null when SFTP cannot stat it (the single read then says why). Absent candidates are remembered as NOT_FOUND at no sudo cost.
     */
    private SudoBatch.Planned plan(String path, long maxBytes, boolean skipWorldReadable) throws AccessException {
        try {
            SftpATTRS a;
            synchronized (sftpLock) {
                a = sftp().stat(globEscape(path));
            }
            if (!a.isReg() || a.getSize() < 0 || a.getSize() > maxBytes
                    || (skipWorldReadable && (a.getPermissions() & 0004) != 0)) {
                return null; // not batchable, or SFTP reads it without sudo
            }
            return new SudoBatch.Planned(path, a.getSize());
        } catch (SftpException e) {
            if (e.id == SSH_FX_NO_SUCH_FILE && !aborted) {
                synchronized (readCache) {
                    readCache.putIfAbsent(path, sftpError(path, e));
                }
            }
            if (aborted) {
                throw sftpError(path, e);
            }
            return null;
        }
    }

    /** The sizes after the read are those the split used: no file changed under the batch. */
    private boolean unchanged(List<SudoBatch.Planned> plan) throws AccessException {
        for (SudoBatch.Planned p : plan) {
            SudoBatch.Planned now = plan(p.path(), Long.MAX_VALUE, false);
            if (now == null || now.size() != p.size()) {
                return false;
            }
        }
        return true;
    }

    /** The well-known root-only files and the entries of the well-known root-only directories SFTP can list. */
    private List<String> prefetchCandidates(String requested) throws AccessException {
        List<String> out = new ArrayList<>();
        for (String p : SudoBatch.WELL_KNOWN) {
            if (!p.equals(requested)) {
                out.add(p);
            }
        }
        for (String dir : SudoBatch.WELL_KNOWN_DIRS) {
            try {
                Vector<?> entries;
                synchronized (sftpLock) {
                    entries = sftp().ls(globEscape(dir));
                }
                List<String> names = new ArrayList<>();
                for (Object o : entries) {
                    ChannelSftp.LsEntry e = (ChannelSftp.LsEntry) o;
                    String name = e.getFilename();
                    // world-readable entries SFTP reads itself; names with line breaks are never put on a command line
                    if (!name.equals(".") && !name.equals("..") && name.indexOf('\n') < 0 && name.indexOf('\r') < 0
                            && (e.getAttrs().getPermissions() & 0004) == 0) {
                        names.add(name);
                    }
                }
                names.sort(null);
                for (String n : names) {
                    String p = dir + "/" + n;
                    if (!p.equals(requested)) {
                        out.add(p);
                    }
                }
            } catch (SftpException e) {
                if (aborted) {
                    throw sftpError(dir, e);
                }
                // absent or unreadable directory: its files are read one by one if the probes ask
            }
        }
        return out;
    }

    private byte[] sudoRead(String path, int maxBytes) throws AccessException {
        sudoReads++;
        ExecResult r = exec(RemoteCommands.sudoCat(path), maxBytes, path);
        if (r.exitCode == 0 && !r.truncated) {
            return r.stdout;
        }
        if (r.truncated) {
            throw new AccessException(ErrorKind.TOO_LARGE, path, "文件超过读取上限 " + maxBytes + " 字节: " + path);
        }
        String refusal = RemoteCommands.sudoRefusal(r.stderr);
        if (refusal != null) {
            throw new AccessException(ErrorKind.PERMISSION_DENIED, path,
                    "无读取权限, sudo 被拒绝 (sudo refused): " + refusal + " — " + path);
        }
        String err = firstLine(r.stderr);
        if (err.contains("No such file")) {
            throw new AccessException(ErrorKind.NOT_FOUND, path, "文件不存在: " + path);
        }
        if (err.contains("command not found")) {
            throw new AccessException(ErrorKind.PERMISSION_DENIED, path, "无读取权限, 目标主机无 sudo: " + err);
        }
        if (err.contains("Permission denied")) {
            throw new AccessException(ErrorKind.PERMISSION_DENIED, path, "无读取权限 (sudo cat): " + err);
        }
        throw new AccessException(ErrorKind.IO_ERROR, path, "sudo cat 失败 (exit " + r.exitCode + "): " + err);
    }

    @Override
    public List<String> list(String dir) throws AccessException {
        RemoteCommands.validatePath(dir);
        checkTime(dir);
        try {
            synchronized (sftpLock) {
                SftpATTRS attrs = sftp().stat(globEscape(dir));
                if (!attrs.isDir()) {
                    throw new AccessException(ErrorKind.IO_ERROR, dir, "不是目录: " + dir);
                }
                Vector<?> entries = sftp().ls(globEscape(dir));
                List<String> names = new ArrayList<>(entries.size());
                for (Object o : entries) {
                    String name = ((ChannelSftp.LsEntry) o).getFilename();
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                }
                names.sort(null);
                return names;
            }
        } catch (SftpException e) {
            if (e.id == SSH_FX_PERMISSION_DENIED && target.useSudo()) {
                return sudoList(dir);
            }
            throw sftpError(dir, e);
        }
    }

    /** Lists a directory SFTP may not read with {@code sudo -n ls -1A --quoting-style=c}: one C-quoted name a line. */
    private List<String> sudoList(String dir) throws AccessException {
        ExecResult r = exec(RemoteCommands.sudoList(dir), options.maxCommandOutput(), dir);
        if (r.truncated) {
            throw new AccessException(ErrorKind.TOO_LARGE, dir, "目录列表超过上限: " + dir);
        }
        if (r.exitCode != 0) {
            String refusal = RemoteCommands.sudoRefusal(r.stderr);
            if (refusal != null) {
                throw new AccessException(ErrorKind.PERMISSION_DENIED, dir,
                        "无读取权限, sudo 被拒绝 (sudo refused): " + refusal + " — " + dir);
            }
            String err = firstLine(r.stderr);
            if (err.contains("No such file")) {
                throw new AccessException(ErrorKind.NOT_FOUND, dir, "目录不存在: " + dir);
            }
            if (err.contains("Not a directory")) {
                throw new AccessException(ErrorKind.IO_ERROR, dir, "不是目录: " + dir);
            }
            throw new AccessException(ErrorKind.PERMISSION_DENIED, dir, "无读取权限 (sudo ls): " + err);
        }
        List<String> names = new ArrayList<>();
        for (String line : new String(r.stdout, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                String name = RemoteCommands.unquoteC(line);
                if (!name.equals(".") && !name.equals("..")) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public FileStat stat(String path, boolean followLinks) throws AccessException {
        RemoteCommands.validatePath(path);
        checkTime(path);
        SftpATTRS a;
        try {
            synchronized (sftpLock) {
                a = followLinks ? sftp().stat(globEscape(path)) : sftp().lstat(globEscape(path));
            }
        } catch (SftpException e) {
            throw sftpError(path, e);
        }
        long uid = Integer.toUnsignedLong(a.getUId());
        long gid = Integer.toUnsignedLong(a.getGId());
        return new FileStat(path, a.isDir(), a.isReg(), a.isLink(), a.getPermissions() & 07777, uid, gid,
                userName(uid), groupName(gid), a.getSize(), Integer.toUnsignedLong(a.getMTime()) * 1000L);
    }

    private ChannelSftp sftp() throws AccessException {
        if (sftp == null || !sftp.isConnected()) {
            checkTime("");
            try {
                ChannelSftp c = (ChannelSftp) session.openChannel("sftp");
                c.connect(timeoutMillis(options.commandTimeout()));
                sftp = c;
            } catch (JSchException e) {
                throw new AccessException(aborted ? ErrorKind.TIMEOUT : ErrorKind.IO_ERROR, "",
                        aborted ? timeLimitMessage() : "SFTP 子系统不可用: " + e.getMessage());
            }
        }
        return sftp;
    }

    /** JSch expands glob characters in remote paths; probe paths are literal. */
    private static String globEscape(String path) {
        return path.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    }

    private AccessException sftpError(String path, SftpException e) {
        if (aborted) {
            return new AccessException(ErrorKind.TIMEOUT, path, timeLimitMessage());
        }
        return switch (e.id) {
            case SSH_FX_NO_SUCH_FILE -> new AccessException(ErrorKind.NOT_FOUND, path, "文件不存在: " + path);
            case SSH_FX_PERMISSION_DENIED -> new AccessException(ErrorKind.PERMISSION_DENIED, path,
                    "无读取权限 (permission denied for " + target.username()
                            + (target.useSudo() ? "" : "; 未启用 --sudo") + "): " + path);
            default -> new AccessException(ErrorKind.IO_ERROR, path, "SFTP 错误 " + e.id + ": " + path);
        };
    }

    private AccessException ioError(String path, IOException e) {
        if (aborted) {
            return new AccessException(ErrorKind.TIMEOUT, path, timeLimitMessage());
        }
        return new AccessException(ErrorKind.IO_ERROR, path, "读取失败: " + path + ": " + e.getClass().getSimpleName());
    }

    private static byte[] readBounded(InputStream in, String path, int maxBytes) throws IOException, AccessException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > maxBytes) {
                throw new AccessException(ErrorKind.TOO_LARGE, path, "文件超过读取上限 " + maxBytes + " 字节: " + path);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    // ---- owner names from the target's own account databases ---------------------------------------------

    private String userName(long uid) {
        synchronized (this) {
            if (users == null) {
                users = idNames("/etc/passwd");
            }
            return users.getOrDefault(uid, Long.toString(uid));
        }
    }

    private String groupName(long gid) {
        synchronized (this) {
            if (groups == null) {
                groups = idNames("/etc/group");
            }
            return groups.getOrDefault(gid, Long.toString(gid));
        }
    }

    /** name:x:id:… lines; the first name for an id wins, as getpwuid does. */
    private Map<Long, String> idNames(String file) {
        Map<Long, String> map = new HashMap<>();
        try {
            String text = new String(read(file, DEFAULT_MAX_BYTES), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        map.putIfAbsent(Long.parseLong(f[2].strip()), f[0]);
                    } catch (NumberFormatException ignored) {
                        // malformed line: skip, the uid stays numeric
                    }
                }
            }
        } catch (AccessException e) {
            // unreadable: owners are shown as numbers
        }
        return map;
    }

    // ---- commands ----------------------------------------------------------------------------------------

    @Override
    public CommandResult run(FixedCommand command) throws AccessException {
        String name = String.join(" ", command.argv());
        ExecResult r = exec(RemoteCommands.fixed(command, target.useSudo()), options.maxCommandOutput(), name);
        if (r.truncated) {
            throw new AccessException(ErrorKind.TOO_LARGE, name, "命令输出超过上限 " + options.maxCommandOutput() + " 字节: " + name);
        }
        if (target.useSudo() && r.exitCode != 0) {
            String refusal = RemoteCommands.sudoRefusal(r.stderr);
            if (refusal != null) {
                throw new AccessException(ErrorKind.PERMISSION_DENIED, name, "sudo 被拒绝 (sudo refused): " + refusal + " — " + name);
            }
            if (r.stderr.contains("sudo:") && r.stderr.contains("command not found")) {
                throw new AccessException(ErrorKind.COMMAND_ABSENT, name, "命令不存在: " + command.argv().get(0));
            }
        }
        if (r.exitCode == 127) {
            throw new AccessException(ErrorKind.COMMAND_ABSENT, name, "命令不存在: " + command.argv().get(0));
        }
        return new CommandResult(command, r.exitCode, new String(r.stdout, StandardCharsets.UTF_8), r.stderr);
    }

    private record ExecResult(int exitCode, byte[] stdout, String stderr, boolean truncated) {
    }

    /**
     * Runs one command line on an exec channel without a PTY, stdin closed; gives up at the command timeout or the
     * host deadline, whichever is first. Polls the streams rather than blocking on them so a silent command can
     * never hold the thread beyond its limit.
     */
    private ExecResult exec(String commandLine, int maxStdout, String what) throws AccessException {
        checkTime(what);
        long deadline = Math.min(deadlineNanos, System.nanoTime() + options.commandTimeout().toNanos());
        ChannelExec ch = null;
        try {
            ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(commandLine);
            ch.setPty(false);
            ch.setInputStream(null);
            InputStream out = ch.getInputStream();
            InputStream err = ch.getErrStream();
            ch.connect(timeoutMillis(options.commandTimeout()));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            long sleepMillis = 1;
            while (true) {
                boolean progressed = false;
                int n;
                while (out.available() > 0 && (n = out.read(buf)) > 0) {
                    progressed = true;
                    if (stdout.size() + n > maxStdout) {
                        return new ExecResult(-1, new byte[0], "", true);
                    }
                    stdout.write(buf, 0, n);
                }
                while (err.available() > 0 && (n = err.read(buf)) > 0) {
                    progressed = true;
                    if (stderr.size() < MAX_STDERR) {
                        stderr.write(buf, 0, Math.min(n, MAX_STDERR - stderr.size()));
                    }
                }
                if (ch.isClosed() && out.available() <= 0 && err.available() <= 0) {
                    break;
                }
                if (aborted || !session.isConnected()) {
                    throw new AccessException(ErrorKind.TIMEOUT, what, timeLimitMessage());
                }
                if (System.nanoTime() > deadline) {
                    throw new AccessException(ErrorKind.TIMEOUT, what, "命令超时 (" + what + "), 已中止");
                }
                if (progressed) {
                    sleepMillis = 1;
                } else {
                    Thread.sleep(sleepMillis);
                    sleepMillis = Math.min(20, sleepMillis * 2);
                }
            }
            return new ExecResult(ch.getExitStatus(), stdout.toByteArray(), stderr.toString(StandardCharsets.UTF_8), false);
        } catch (JSchException | IOException e) {
            if (aborted) {
                throw new AccessException(ErrorKind.TIMEOUT, what, timeLimitMessage());
            }
            throw new AccessException(ErrorKind.IO_ERROR, what, "执行失败 (" + what + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessException(ErrorKind.TIMEOUT, what, "扫描被中断: " + what);
        } finally {
            if (ch != null) {
                ch.disconnect();
            }
        }
    }

    private void checkTime(String what) throws AccessException {
        if (aborted || System.nanoTime() > deadlineNanos) {
            throw new AccessException(ErrorKind.TIMEOUT, what, timeLimitMessage());
        }
    }

    private String timeLimitMessage() {
        return "超过单主机扫描时限 " + options.hostTimeout().toSeconds() + " 秒 (per-host time limit), 目标 " + target.name();
    }

    private static int timeoutMillis(java.time.Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static String firstLine(String s) {
        for (String line : s.split("\\R")) {
            if (!line.isBlank() && !line.contains("unable to resolve host")) {
                return line.strip();
            }
        }
        return "";
    }

    @Override
    public String toString() {
        return "SshHostAccess[" + target.name() + " " + target.username() + "@" + target.host() + ":" + target.port() + "]";
    }
}
