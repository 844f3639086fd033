package cn.dengbao.sentinel.probes.access;

import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An offline root filesystem (an image, a mounted disk, a test directory) seen as a host.
 *
 * <p>Every host path is resolved inside the root with chroot semantics, component by component, by this class
 * and not by the operating system: ".." stops at the root, an absolute link target is re-rooted inside the root,
 * a relative one is resolved from the link's directory, and the number of link hops is bounded. The final path is
 * then opened with {@code NOFOLLOW_LINKS}. So an image whose {@code etc/shadow} links to {@code /etc/shadow} shows
 * a link loop, never the collecting machine's own shadow file.
 */
public class RootDirAccess implements HostAccess {
    /** Same bound as Linux's MAXSYMLINKS: more hops than this is treated as a loop. */
    static final int MAX_LINK_HOPS = 40;

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final AccessMode mode;
    private final CommandRunner runner;
    private volatile Map<Long, String> userNames;
    private volatile Map<Long, String> groupNames;

    /** Opens an offline root; throws {@link IllegalArgumentException} when it is not an existing directory. */
    public RootDirAccess(Path root) {
        this(root, AccessMode.ROOT, new CommandRunner());
    }

    protected RootDirAccess(Path root, AccessMode mode, CommandRunner runner) {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("root directory does not exist or is not a directory: " + abs);
        }
        try {
            this.root = abs.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open root directory " + abs + ": " + e.getMessage(), e);
        }
        this.mode = mode;
        this.runner = runner;
    }

    public Path root() {
        return root;
    }

    @Override
    public AccessMode mode() {
        return mode;
    }

    @Override
    public byte[] read(String path, int maxBytes) throws AccessException {
        Path real = resolve(path, true);
        BasicFileAttributes attrs = attributes(path, real);
        if (attrs.isDirectory()) {
            throw new AccessException(ErrorKind.IO_ERROR, path, "is a directory, not a file: " + path);
        }
        if (!attrs.isRegularFile()) {
            // FIFOs and devices could block or never end; config files are regular files.
            throw new AccessException(ErrorKind.IO_ERROR, path, "not a regular file: " + path);
        }
        // The size attribute is not trusted (/proc files report 0): read up to the limit plus one byte.
        try (InputStream in = Channels.newInputStream(
                Files.newByteChannel(real, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
            byte[] data = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
            if (data.length > maxBytes) {
                throw new AccessException(ErrorKind.TOO_LARGE, path,
                        "file is larger than the limit of " + maxBytes + " bytes: " + path);
            }
            return data;
        } catch (IOException e) {
            throw translate(path, e);
        }
    }

    @Override
    public List<String> list(String dir) throws AccessException {
        Path real = resolve(dir, true);
        BasicFileAttributes attrs = attributes(dir, real);
        if (!attrs.isDirectory()) {
            throw new AccessException(ErrorKind.IO_ERROR, dir, "not a directory: " + dir);
        }
        try (Stream<Path> entries = Files.list(real)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw translate(dir, e);
        }
    }

    @Override
    public FileStat stat(String path, boolean followLinks) throws AccessException {
        Path real = resolve(path, followLinks);
        try {
            BasicFileAttributes attrs = attributes(path, real);
            Map<String, Object> unix = Files.readAttributes(real, "unix:mode,uid,gid", NOFOLLOW);
            int modeBits = ((Integer) unix.get("mode")) & 07777;
            long uid = ((Integer) unix.get("uid")).longValue();
            long gid = ((Integer) unix.get("gid")).longValue();
            return new FileStat(path, attrs.isDirectory(), attrs.isRegularFile(), attrs.isSymbolicLink(), modeBits,
                    uid, gid, userNames().getOrDefault(uid, ""), groupNames().getOrDefault(gid, ""),
                    attrs.size(), attrs.lastModifiedTime().toMillis());
        } catch (IOException e) {
            throw translate(path, e);
        } catch (UnsupportedOperationException e) {
            throw new AccessException(ErrorKind.IO_ERROR, path, "file system has no unix attributes: " + path);
        }
    }

    @Override
    public CommandResult run(FixedCommand command) throws AccessException {
        if (command != FixedCommand.RPM_QA_ROOT && command != FixedCommand.RPM_QA_ROOT_SYSIMAGE) {
            throw new AccessException(ErrorKind.NOT_COLLECTED, command.name(),
                    "command " + command.name() + " describes a running system; not collected from an offline root");
        }
        return runner.run(command, root.toString());
    }

    protected CommandRunner runner() {
        return runner;
    }

    /**
     * Maps a host path to a real path inside the root, following links (the last component only when
     * {@code followFinal}) with chroot semantics. The returned path has no link in any of its directories.
     */
    Path resolve(String hostPath, boolean followFinal) throws AccessException {
        if (hostPath == null || hostPath.isEmpty() || hostPath.indexOf('\0') >= 0) {
            throw new AccessException(ErrorKind.NOT_FOUND, String.valueOf(hostPath), "invalid path: " + hostPath);
        }
        Deque<String> pending = new ArrayDeque<>(components(hostPath));
        List<String> done = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String c = pending.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path candidate = join(done, c);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(candidate, BasicFileAttributes.class, NOFOLLOW);
            } catch (NoSuchFileException e) {
                throw new AccessException(ErrorKind.NOT_FOUND, hostPath,
                        "not found: " + hostPath + (hops > 0 ? " (after following " + hops + " symbolic link(s) inside the root)" : ""));
            } catch (IOException e) {
                throw translate(hostPath, e);
            }
            boolean last = pending.isEmpty();
            if (attrs.isSymbolicLink() && (!last || followFinal)) {
                if (++hops > MAX_LINK_HOPS) {
                    throw new AccessException(ErrorKind.NOT_FOUND, hostPath, "symbolic link loop (more than "
                            + MAX_LINK_HOPS + " links) resolving " + hostPath + "; links are resolved inside the root only");
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    throw translate(hostPath, e);
                }
                if (target.startsWith("/")) {
                    done.clear();  // re-rooted: "/x" means <root>/x, never the collecting machine's /x
                }
                List<String> parts = components(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
                continue;
            }
            if (!last && !attrs.isDirectory()) {
                throw new AccessException(ErrorKind.NOT_FOUND, hostPath, "not found (a path component is not a directory): " + hostPath);
            }
            done.add(c);
        }
        return join(done, null);
    }

    private Path join(List<String> parts, String extra) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return extra == null ? p : p.resolve(extra);
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static BasicFileAttributes attributes(String hostPath, Path real) throws AccessException {
        try {
            return Files.readAttributes(real, BasicFileAttributes.class, NOFOLLOW);
        } catch (IOException e) {
            throw translate(hostPath, e);
        }
    }

    static AccessException translate(String hostPath, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new AccessException(ErrorKind.NOT_FOUND, hostPath, "not found: " + hostPath, e);
        }
        if (e instanceof AccessDeniedException) {
            return new AccessException(ErrorKind.PERMISSION_DENIED, hostPath, "permission denied: " + hostPath, e);
        }
        if (e instanceof NotDirectoryException) {
            return new AccessException(ErrorKind.IO_ERROR, hostPath, "not a directory: " + hostPath, e);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (msg.contains("Too many levels of symbolic links") || msg.contains("ELOOP")) {
            return new AccessException(ErrorKind.NOT_FOUND, hostPath, "refused to follow a symbolic link: " + hostPath, e);
        }
        if (msg.contains("Is a directory")) {
            return new AccessException(ErrorKind.IO_ERROR, hostPath, "is a directory, not a file: " + hostPath, e);
        }
        return new AccessException(ErrorKind.IO_ERROR, hostPath, "cannot read " + hostPath + ": " + e.getClass().getSimpleName(), e);
    }

    // Owner and group names come from the root's own account files: the collecting machine's would be wrong.
    // They are read once per access object, so use one access per collection.
    private Map<Long, String> userNames() {
        Map<Long, String> m = userNames;
        if (m == null) {
            m = idNames("/etc/passwd");
            userNames = m;
        }
        return m;
    }

    private Map<Long, String> groupNames() {
        Map<Long, String> m = groupNames;
        if (m == null) {
            m = idNames("/etc/group");
            groupNames = m;
        }
        return m;
    }

    private Map<Long, String> idNames(String file) {
        try {
            return AccountNames.parse(new String(read(file, DEFAULT_MAX_BYTES), StandardCharsets.UTF_8));
        } catch (AccessException e) {
            return Map.of(); // no names: stat still reports the numeric ids
        }
    }
}
