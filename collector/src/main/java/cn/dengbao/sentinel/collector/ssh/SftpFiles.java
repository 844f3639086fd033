package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.proto.ErrorKind;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Files and directories of the target as its login user sees them, over one SFTP channel opened on first use and
 * used by one request at a time. Reads are bounded in size. A refusal stays an {@link SftpException} so the caller
 * can fall back to sudo; {@link #error} turns the others into access errors.
 */
final class SftpFiles {
    private static final int SSH_FX_NO_SUCH_FILE = 2;
    private static final int SSH_FX_PERMISSION_DENIED = 3;

    private final Session session;
    private final SshTarget target;
    private final SshOptions options;
    private final HostDeadline deadline;
    private final Object lock = new Object();
    private ChannelSftp sftp;

    SftpFiles(Session session, SshTarget target, SshOptions options, HostDeadline deadline) {
        this.session = session;
        this.target = target;
        this.options = options;
        this.deadline = deadline;
    }

    static boolean denied(SftpException e) {
        return e.id == SSH_FX_PERMISSION_DENIED;
    }

    static boolean notFound(SftpException e) {
        return e.id == SSH_FX_NO_SUCH_FILE;
    }

    /** The whole file, at most {@code maxBytes} (TOO_LARGE beyond). */
    byte[] read(String path, int maxBytes) throws SftpException, AccessException {
        try {
            synchronized (lock) {
                try (InputStream in = sftp().get(globEscape(path))) {
                    return readBounded(in, path, maxBytes);
                }
            }
        } catch (IOException e) {
            if (deadline.aborted()) {
                throw deadline.timeout(path);
            }
            throw new AccessException(ErrorKind.IO_ERROR, path, "读取失败: " + path + ": " + e.getClass().getSimpleName());
        }
    }

    SftpATTRS stat(String path, boolean followLinks) throws SftpException, AccessException {
        synchronized (lock) {
            return followLinks ? sftp().stat(globEscape(path)) : sftp().lstat(globEscape(path));
        }
    }

    /** The entries of a directory with their attributes, without "." and "..", in the server's order. */
    List<ChannelSftp.LsEntry> entries(String dir) throws SftpException, AccessException {
        List<ChannelSftp.LsEntry> out = new ArrayList<>();
        synchronized (lock) {
            for (Object o : sftp().ls(globEscape(dir))) {
                ChannelSftp.LsEntry e = (ChannelSftp.LsEntry) o;
                if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The names in a directory, sorted; IO_ERROR when it is not one. */
    List<String> list(String dir) throws SftpException, AccessException {
        synchronized (lock) {
            if (!sftp().stat(globEscape(dir)).isDir()) {
                throw new AccessException(ErrorKind.IO_ERROR, dir, "不是目录: " + dir);
            }
            List<String> names = new ArrayList<>();
            for (ChannelSftp.LsEntry e : entries(dir)) {
                names.add(e.getFilename());
            }
            names.sort(null);
            return names;
        }
    }

    /** What an SFTP failure means for a probe; every failure is TIMEOUT once the session was cut. */
    AccessException error(String path, SftpException e) {
        if (deadline.aborted()) {
            return deadline.timeout(path);
        }
        return switch (e.id) {
            case SSH_FX_NO_SUCH_FILE -> new AccessException(ErrorKind.NOT_FOUND, path, "文件不存在: " + path);
            case SSH_FX_PERMISSION_DENIED -> new AccessException(ErrorKind.PERMISSION_DENIED, path,
                    "无读取权限 (permission denied for " + target.username()
                            + (target.useSudo() ? "" : "; 未启用 --sudo") + "): " + path);
            default -> new AccessException(ErrorKind.IO_ERROR, path, "SFTP 错误 " + e.id + ": " + path);
        };
    }

    void close() {
        synchronized (lock) {
            if (sftp != null) {
                sftp.disconnect();
            }
        }
    }

    private ChannelSftp sftp() throws AccessException {
        if (sftp == null || !sftp.isConnected()) {
            deadline.check("");
            try {
                ChannelSftp c = (ChannelSftp) session.openChannel("sftp");
                c.connect(HostDeadline.millis(options.commandTimeout()));
                sftp = c;
            } catch (JSchException e) {
                throw deadline.aborted() ? deadline.timeout("")
                        : new AccessException(ErrorKind.IO_ERROR, "", "SFTP 子系统不可用: " + e.getMessage());
            }
        }
        return sftp;
    }

    /** JSch expands glob characters in remote paths; probe paths are literal. */
    private static String globEscape(String path) {
        return path.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
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
}
