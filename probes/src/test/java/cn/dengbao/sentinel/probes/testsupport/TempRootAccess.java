package cn.dengbao.sentinel.probes.testsupport;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test-only host access over a temporary directory: "/x" is tempDir/x, links are resolved inside the root
 * (absolute targets re-rooted, escapes refused), and commands answer from canned outputs set per test —
 * the one part a unit test cannot make real.
 */
public final class TempRootAccess implements HostAccess {
    private final Path root;
    private final AccessMode mode;
    private final Map<FixedCommand, CommandResult> commands = new EnumMap<>(FixedCommand.class);

    public TempRootAccess(Path root, AccessMode mode) {
        this.root = root.toAbsolutePath().normalize();
        this.mode = mode;
    }

    public TempRootAccess(Path root) {
        this(root, AccessMode.ROOT);
    }

    public TempRootAccess command(FixedCommand c, int exit, String stdout) {
        commands.put(c, new CommandResult(c, exit, stdout, ""));
        return this;
    }

    /** Writes a file under the root, creating parents. */
    public Path write(String hostPath, String content) throws IOException {
        Path p = root.resolve(hostPath.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    public Path mkdirs(String hostPath) throws IOException {
        return Files.createDirectories(root.resolve(hostPath.substring(1)));
    }

    public Path link(String hostPath, String target) throws IOException {
        Path p = root.resolve(hostPath.substring(1));
        Files.createDirectories(p.getParent());
        return Files.createSymbolicLink(p, Path.of(target));
    }

    /** Runs one probe on this access and returns the facts with the collection errors attached. */
    public Facts collect(cn.dengbao.sentinel.probes.Probe... probes) {
        ProbeContext ctx = new ProbeContext(this, Clock.systemUTC());
        Facts.Builder facts = Facts.newBuilder();
        for (var p : probes) {
            p.collect(ctx, facts);
        }
        return facts.addAllCollectionErrors(ctx.errors()).build();
    }

    @Override
    public AccessMode mode() {
        return mode;
    }

    @Override
    public byte[] read(String path, int maxBytes) throws AccessException {
        Path p = resolve(path, true);
        try {
            if (Files.size(p) > maxBytes) {
                throw new AccessException(ErrorKind.TOO_LARGE, path, "too large: " + path);
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new AccessException(ErrorKind.NOT_FOUND, path, "not found: " + path);
        } catch (IOException e) {
            throw new AccessException(ErrorKind.IO_ERROR, path, "cannot read: " + path);
        }
    }

    @Override
    public List<String> list(String dir) throws AccessException {
        Path p = resolve(dir, true);
        if (!Files.isDirectory(p)) {
            throw new AccessException(ErrorKind.NOT_FOUND, dir, "not a directory: " + dir);
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AccessException(ErrorKind.IO_ERROR, dir, "cannot list: " + dir);
        }
    }

    @Override
    public FileStat stat(String path, boolean followLinks) throws AccessException {
        Path p = resolve(path, followLinks);
        try {
            LinkOption[] opts = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, opts);
            int mode = 0;
            for (PosixFilePermission perm : a.permissions()) {
                mode |= 1 << (8 - perm.ordinal());
            }
            return new FileStat(path, a.isDirectory(), a.isRegularFile(), a.isSymbolicLink(), mode, 0, 0,
                    a.owner().getName(), a.group().getName(), a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            throw new AccessException(ErrorKind.NOT_FOUND, path, "not found: " + path);
        } catch (IOException e) {
            throw new AccessException(ErrorKind.IO_ERROR, path, "cannot stat: " + path);
        }
    }

    @Override
    public CommandResult run(FixedCommand command) throws AccessException {
        CommandResult r = commands.get(command);
        if (r == null) {
            throw new AccessException(ErrorKind.COMMAND_ABSENT, command.argv().get(0), "command absent: " + command.argv().get(0));
        }
        return r;
    }

    /** Maps a host path into the root, resolving links component by component without leaving the root. */
    private Path resolve(String hostPath, boolean followLast) throws AccessException {
        Path current = root;
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(hostPath.split("/")));
        int hops = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next) && (followLast || !todo.isEmpty())) {
                if (++hops > 40) {
                    throw new AccessException(ErrorKind.IO_ERROR, hostPath, "too many links: " + hostPath);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    throw new AccessException(ErrorKind.IO_ERROR, hostPath, "cannot read link: " + hostPath);
                }
                if (target.startsWith("/")) {
                    current = root;
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                continue;
            }
            current = next;
        }
        if (!current.normalize().startsWith(root)) {
            throw new AccessException(ErrorKind.OUTSIDE_ROOT, hostPath, "outside root: " + hostPath);
        }
        return current;
    }
}
