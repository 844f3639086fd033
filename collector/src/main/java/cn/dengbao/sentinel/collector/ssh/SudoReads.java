package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.support.Glob;
import cn.dengbao.sentinel.proto.ErrorKind;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and lists with {@code sudo -n} what SFTP may not, for a target scanned with sudo. The first denied read of
 * the session also fetches the other root-only files the probes read, all in one {@code sudo -n cat}
 * ({@link SudoBatch}); later denied reads of those are then served from the session's cache. A refusal is
 * PERMISSION_DENIED with sudo's reason. One sudo at a time per session.
 */
final class SudoReads {
    private final SftpFiles files;
    private final RemoteExec exec;
    private final ReadCache cache;
    private final SshOptions options;
    private final HostDeadline deadline;
    private final Object lock = new Object();
    private boolean prefetched;
    private int count;

    SudoReads(SftpFiles files, RemoteExec exec, ReadCache cache, SshOptions options, HostDeadline deadline) {
        this.files = files;
        this.exec = exec;
        this.cache = cache;
        this.options = options;
        this.deadline = deadline;
    }

    /** How many {@code sudo -n cat} processes this session started (batched or single). */
    int count() {
        synchronized (lock) {
            return count;
        }
    }

    /**
     * A file SFTP was denied. The first time in the session it goes in one batch with the well-known root-only files;
     * whenever the batch cannot be trusted (see {@link SudoBatch}) this file gets its own {@code sudo -n cat}.
     */
    byte[] read(String path, int maxBytes) throws AccessException {
        synchronized (lock) {
            byte[] fetched = cache.content(path, maxBytes); // by a batch while this thread waited
            if (fetched != null) {
                return fetched;
            }
            if (prefetched) {
                return single(path, maxBytes);
            }
            prefetched = true;
            SudoBatch.Planned self = plan(path, Math.min(maxBytes, SudoBatch.MAX_FILE_BYTES), false);
            if (self == null) {
                return single(path, maxBytes);
            }
            List<SudoBatch.Planned> plan = new ArrayList<>();
            plan.add(self);
            long total = self.size();
            int commandChars = path.length();
            for (String p : candidates(path)) {
                if (plan.size() >= SudoBatch.MAX_FILES) {
                    break;
                }
                if (cache.contains(p)) {
                    continue;
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
                return single(path, maxBytes);
            }
            return batch(path, maxBytes, plan, total);
        }
    }

    private byte[] batch(String path, int maxBytes, List<SudoBatch.Planned> plan, long total) throws AccessException {
        List<String> paths = plan.stream().map(SudoBatch.Planned::path).toList();
        count++;
        // one byte over the planned total marks a file that grew: truncated, not trusted
        RemoteExec.Result r = exec.run(RemoteCommands.sudoCatAll(paths), (int) Math.min(Integer.MAX_VALUE - 1, total) + 1, path);
        if (!r.truncated() && r.exitCode() != 0) {
            String refusal = RemoteCommands.sudoRefusal(r.stderr());
            if (refusal != null) {
                // sudo said no for cat itself: it will for every file, so record that once for all of them
                for (String p : paths) {
                    cache.putFailureIfAbsent(p, refused(p, refusal));
                }
                throw refused(path, refusal);
            }
        }
        Optional<List<byte[]>> parts = r.exitCode() == 0 && !r.truncated() ? SudoBatch.split(r.stdout(), plan) : Optional.empty();
        if (parts.isPresent() && unchanged(plan)) {
            for (int i = 1; i < plan.size(); i++) {
                cache.putContent(plan.get(i).path(), parts.get().get(i));
            }
            byte[] mine = parts.get().get(0);
            if (mine.length > maxBytes) {
                throw tooLarge(path, maxBytes);
            }
            return mine;
        }
        return single(path, maxBytes);
    }

    /**
     * A regular file (after links, as cat follows them) small enough to batch (and, for prefetch, not
     * world-readable), with its size; null when SFTP cannot stat it (the single read then says why). Absent
     * candidates are remembered as NOT_FOUND at no sudo cost.
     */
    private SudoBatch.Planned plan(String path, long maxBytes, boolean skipWorldReadable) throws AccessException {
        try {
            SftpATTRS a = files.stat(path, true);
            if (!a.isReg() || a.getSize() < 0 || a.getSize() > maxBytes
                    || (skipWorldReadable && (a.getPermissions() & 0004) != 0)) {
                return null; // not batchable, or SFTP reads it without sudo
            }
            return new SudoBatch.Planned(path, a.getSize());
        } catch (SftpException e) {
            if (deadline.aborted()) {
                throw files.error(path, e);
            }
            if (SftpFiles.notFound(e)) {
                cache.putFailureIfAbsent(path, files.error(path, e));
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

    /** The well-known root-only files, and the entries SFTP can list of the directories they are globbed in. */
    private List<String> candidates(String requested) throws AccessException {
        List<String> out = new ArrayList<>();
        for (String p : SudoBatch.WELL_KNOWN) {
            if (!p.equals(requested)) {
                out.add(p);
            }
        }
        for (ProbePath glob : SudoBatch.WELL_KNOWN_DIRS) {
            String dir = glob.parent();
            try {
                List<String> names = new ArrayList<>();
                for (ChannelSftp.LsEntry e : files.entries(dir)) {
                    String name = e.getFilename();
                    // world-readable entries SFTP reads itself; names with line breaks are never put on a command line
                    if (Glob.matchesEntry(glob.name(), name) && name.indexOf('\n') < 0 && name.indexOf('\r') < 0
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
                if (deadline.aborted()) {
                    throw files.error(dir, e);
                }
                // absent or unreadable directory: its files are read one by one if the probes ask
            }
        }
        return out;
    }

    private byte[] single(String path, int maxBytes) throws AccessException {
        count++;
        RemoteExec.Result r = exec.run(RemoteCommands.sudoCat(path), maxBytes, path);
        if (r.exitCode() == 0 && !r.truncated()) {
            return r.stdout();
        }
        if (r.truncated()) {
            throw tooLarge(path, maxBytes);
        }
        String refusal = RemoteCommands.sudoRefusal(r.stderr());
        if (refusal != null) {
            throw refused(path, refusal);
        }
        String err = r.firstErrorLine();
        if (err.contains("No such file")) {
            throw new AccessException(ErrorKind.NOT_FOUND, path, "文件不存在: " + path);
        }
        if (err.contains("command not found")) {
            throw new AccessException(ErrorKind.PERMISSION_DENIED, path, "无读取权限, 目标主机无 sudo: " + err);
        }
        if (err.contains("Permission denied")) {
            throw new AccessException(ErrorKind.PERMISSION_DENIED, path, "无读取权限 (sudo cat): " + err);
        }
        throw new AccessException(ErrorKind.IO_ERROR, path, "sudo cat 失败 (exit " + r.exitCode() + "): " + err);
    }

    /** A directory SFTP may not read, with {@code sudo -n ls -1A --quoting-style=c}: one C-quoted name a line. */
    List<String> list(String dir) throws AccessException {
        RemoteExec.Result r = exec.run(RemoteCommands.sudoList(dir), options.maxCommandOutput(), dir);
        if (r.truncated()) {
            throw new AccessException(ErrorKind.TOO_LARGE, dir, "目录列表超过上限: " + dir);
        }
        if (r.exitCode() != 0) {
            String refusal = RemoteCommands.sudoRefusal(r.stderr());
            if (refusal != null) {
                throw refused(dir, refusal);
            }
            String err = r.firstErrorLine();
            if (err.contains("No such file")) {
                throw new AccessException(ErrorKind.NOT_FOUND, dir, "目录不存在: " + dir);
            }
            if (err.contains("Not a directory")) {
                throw new AccessException(ErrorKind.IO_ERROR, dir, "不是目录: " + dir);
            }
            throw new AccessException(ErrorKind.PERMISSION_DENIED, dir, "无读取权限 (sudo ls): " + err);
        }
        List<String> names = new ArrayList<>();
        for (String line : r.stdoutText().split("\n")) {
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

    private static AccessException refused(String path, String refusal) {
        return new AccessException(ErrorKind.PERMISSION_DENIED, path,
                "无读取权限, sudo 被拒绝 (sudo refused): " + refusal + " — " + path);
    }

    private static AccessException tooLarge(String path, int maxBytes) {
        return new AccessException(ErrorKind.TOO_LARGE, path, "文件超过读取上限 " + maxBytes + " 字节: " + path);
    }
}
