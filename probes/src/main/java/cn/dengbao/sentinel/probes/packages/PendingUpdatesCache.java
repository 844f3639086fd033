package cn.dengbao.sentinel.probes.packages;

import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Remembers the output of the pending-updates commands ({@code apt-get -s upgrade}, {@code yum check-update}) on the
 * live host. Their answer depends only on the package database, the downloaded package lists and the repository
 * configuration, so it is keyed by the size and modification time of exactly those files: any {@code apt update},
 * install or repository change gives a new key and the command runs again. A cache file that is malformed, too
 * large, not ours or for another key is ignored, never trusted.
 */
public final class PendingUpdatesCache {
    /** Inputs of apt's answer. */
    public static final List<String> APT_INPUTS = List.of("/var/lib/dpkg/status", "/var/lib/apt/lists",
            "/etc/apt/sources.list", "/etc/apt/sources.list.d", "/etc/apt/preferences", "/etc/apt/preferences.d",
            "/etc/apt/apt.conf.d");
    /** Inputs of yum's/dnf's answer ({@code --cacheonly}: the local metadata cache, never the network). */
    public static final List<String> RPM_INPUTS = List.of("/var/lib/rpm", "/usr/lib/sysimage/rpm", "/var/cache/yum",
            "/var/cache/dnf", "/etc/yum.repos.d", "/etc/yum.conf", "/etc/dnf/dnf.conf");
    static final String FORMAT = "sentinel-pending-updates-1";
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** Even with an unchanged key, do not serve an answer older than this: a safety net, not the mechanism. */
    static final long MAX_AGE_MS = 24L * 3600 * 1000;
    /** Directory levels fingerprinted below an input; yum/dnf caches nest repo/repodata/file. */
    private static final int MAX_DEPTH = 4;
    private static final int MAX_ENTRIES = 20_000;

    private final Path dir;
    private final Clock clock;
    private final Path inputsRoot;

    /** A hit: the command's answer and when it was computed. */
    public record Hit(CommandResult result, long createdAtEpochMs) {
    }

    private PendingUpdatesCache(Path dir, Clock clock, Path inputsRoot) {
        this.dir = dir;
        this.clock = clock;
        this.inputsRoot = inputsRoot;
    }

    /**
     * Opens (creating if needed, mode 0700) the cache directory; empty when it cannot be used safely: not a
     * directory, a symbolic link, not owned by this user, or open to others.
     */
    /**
     * The cache for a collection of {@code wanted} sections (empty: all), or null. Only the packages probe uses it,
     * so its directory is not created for other sections; it is only an optimisation, so an unusable directory
     * means running the command each time, with a warning when the operator named it ({@code dir} non-null).
     */
    public static PendingUpdatesCache forSections(java.util.Collection<cn.dengbao.sentinel.proto.FactSection> wanted,
                                                  Path dir, java.util.function.Consumer<String> warn) {
        if (!wanted.isEmpty() && !wanted.contains(cn.dengbao.sentinel.proto.FactSection.SECTION_PACKAGES)) {
            return null;
        }
        PendingUpdatesCache cache = open(dir != null ? dir : defaultDir(), Clock.systemUTC()).orElse(null);
        if (cache == null && dir != null) {
            warn.accept("警告：--cache-dir " + dir + " 不可用（须为本用户所有、他人不可写的目录），待安装更新不缓存 "
                    + "(not usable: must be a directory owned by this user, not writable by others; pending updates are not cached)");
        }
        return cache;
    }

    public static Optional<PendingUpdatesCache> open(Path dir, Clock clock) {
        return open(dir, clock, Path.of("/"));
    }

    /** As {@link #open(Path, Clock)}, fingerprinting the inputs under {@code inputsRoot} (tests use a temp root). */
    public static Optional<PendingUpdatesCache> open(Path dir, Clock clock, Path inputsRoot) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectories(dir.toAbsolutePath().getParent());
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException e) {
                    // created meanwhile by another run: checked below like any existing directory
                }
            }
            if (!usableDirectory(dir)) {
                return Optional.empty();
            }
            return Optional.of(new PendingUpdatesCache(dir, clock, inputsRoot));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** {@code /var/cache/sentinel-agent} when it is (or can be made) writable, else a per-user directory in tmp. */
    public static Path defaultDir() {
        Path system = Path.of("/var/cache/sentinel-agent");
        Path parent = system.getParent();
        if (Files.isDirectory(system) ? Files.isWritable(system) : Files.isWritable(parent)) {
            return system;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "sentinel-agent-" + uid());
    }

    private static String uid() {
        try {
            // /proc/self belongs to the process's (effective) user
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9_.-]", "_");
        }
    }

    private static boolean usableDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        // in a shared tmp another user could have made the directory first and would control what we read
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!owner.equals(self)) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            return false;
        }
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.GROUP_EXECUTE) || perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return true;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The key of the current answer: a digest of the command and of path, type, size and modification time of
     * every input (directories to a few levels). Missing inputs count as "absent", so creating one changes the key.
     */
    public String key(FixedCommand command, List<String> inputs) {
        return key(command, inputs, inputsRoot);
    }

    static String key(FixedCommand command, List<String> inputs, Path root) {
        MessageDigest md = sha256();
        md.update((FORMAT + "\n" + String.join(" ", command.argv()) + "\n").getBytes(StandardCharsets.UTF_8));
        int[] budget = {MAX_ENTRIES};
        for (String input : inputs) {
            Path p = root.resolve(input.substring(1));
            fingerprint(md, p, input, 0, budget);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void fingerprint(MessageDigest md, Path p, String name, int depth, int[] budget) {
        if (budget[0]-- <= 0) {
            return;
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            md.update((name + "\tabsent\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String type = a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : a.isRegularFile() ? "f" : "o";
        md.update((name + "\t" + type + "\t" + a.size() + "\t" + a.lastModifiedTime().toMillis() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        if (a.isDirectory() && depth < MAX_DEPTH) {
            List<Path> children = new ArrayList<>();
            try (Stream<Path> s = Files.list(p)) {
                s.sorted().forEach(children::add);
            } catch (IOException e) {
                md.update((name + "\tunlisted\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            for (Path c : children) {
                fingerprint(md, c, name + "/" + c.getFileName(), depth + 1, budget);
            }
        }
    }

    /** The cached answer for {@code key}, if there is a valid, fresh one. */
    public Optional<Hit> get(FixedCommand command, String key) {
        Path file = file(command);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            Properties p = new Properties();
            try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
            if (!FORMAT.equals(p.getProperty("format")) || !key.equals(p.getProperty("key"))
                    || !String.join(" ", command.argv()).equals(p.getProperty("command"))) {
                return Optional.empty();
            }
            String stdout = p.getProperty("stdout");
            long created = Long.parseLong(p.getProperty("created", ""));
            int exit = Integer.parseInt(p.getProperty("exit", ""));
            long age = clock.millis() - created;
            if (stdout == null || age < 0 || age > MAX_AGE_MS) {
                return Optional.empty();
            }
            return Optional.of(new Hit(new CommandResult(command, exit, stdout, ""), created));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            // unreadable or malformed (bad escapes, bad numbers): run the command instead
            return Optional.empty();
        }
    }

    /** Stores an answer (written to a temporary file 0600 and moved into place, so readers never see half a file). */
    public void put(String key, CommandResult result) {
        Path file = file(result.command());
        Path tmp = null;
        try {
            Properties p = new Properties();
            p.setProperty("format", FORMAT);
            p.setProperty("key", key);
            p.setProperty("command", String.join(" ", result.command().argv()));
            p.setProperty("created", Long.toString(clock.millis()));
            p.setProperty("exit", Integer.toString(result.exitCode()));
            p.setProperty("stdout", result.stdout());
            StringWriter w = new StringWriter();
            p.store(w, null);
            byte[] bytes = w.toString().getBytes(StandardCharsets.UTF_8);
            if (bytes.length > MAX_FILE_BYTES) {
                return;
            }
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // a cache that cannot be written only costs the next run the command's time
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }

    Path file(FixedCommand command) {
        return dir.resolve("pending-updates-" + command.name().toLowerCase(java.util.Locale.ROOT) + ".properties");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
