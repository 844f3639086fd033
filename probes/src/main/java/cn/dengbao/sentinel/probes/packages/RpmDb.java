package cn.dengbao.sentinel.probes.packages;

import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.AccessMode;
import java.util.List;
import java.util.Optional;

/**
 * Where a host's RPM database is and the fixed command that reads it. On a live host rpm knows its own database;
 * for an offline root the scanner's rpm must be told the path inside the root ({@code --dbpath}), since its own
 * default may be elsewhere entirely (Debian's rpm uses ~/.rpmdb): /usr/lib/sysimage/rpm (rpmdb.sqlite, RHEL 9,
 * openEuler 22.03, Fedora) when it holds a database, else /var/lib/rpm (sqlite, or CentOS 7's BerkeleyDB
 * Packages, which rpm ≥ 4.16 reads with its read-only bdb_ro backend).
 */
public final class RpmDb {
    public static final String SYSIMAGE = "/usr/lib/sysimage/rpm";
    public static final String VAR_LIB = "/var/lib/rpm";
    static final List<String> FILES = List.of("rpmdb.sqlite", "Packages", "Packages.db");
    /** Where a database may be, in the order tried. */
    public static final List<String> DIRS = List.of(SYSIMAGE, VAR_LIB);
    /** The database directories, and the files that say which of them holds a database. */
    public static final List<ProbePath> PATHS = ProbePath.concat(List.of(stat(SYSIMAGE), stat(VAR_LIB)),
            DIRS.stream().flatMap(d -> FILES.stream().map(f -> stat(d + "/" + f))).toList());
    /** Every command that may read the package list. */
    public static final java.util.Set<FixedCommand> COMMANDS = java.util.Set.of(FixedCommand.RPM_QA, FixedCommand.RPM_QA_ROOT,
            FixedCommand.RPM_QA_ROOT_SYSIMAGE);

    private RpmDb() {
    }

    /**
     * The database directory, when the host has one. An offline root only counts a directory that holds a database
     * file: rpm asked about an empty directory creates an empty database there (writing into the scanned image) and
     * answers "0 packages" — {@link #withDatabase} says which directories are worth asking.
     */
    public static Optional<String> dir(HostAccess access) {
        List<String> found = withDatabase(access);
        if (!found.isEmpty()) {
            return Optional.of(found.get(0));
        }
        if (access.mode() == AccessMode.ROOT) {
            return Optional.empty();
        }
        return anyDir(access);
    }

    /** The directories holding a database file (rpmdb.sqlite, BerkeleyDB Packages, Packages.db), in the order to try. */
    public static List<String> withDatabase(HostAccess access) {
        return DIRS.stream().filter(d -> FILES.stream().anyMatch(f -> ProbeFiles.anyExists(access, d + "/" + f))).toList();
    }

    /** A database directory that exists, with or without a database in it. */
    public static Optional<String> anyDir(HostAccess access) {
        return java.util.stream.Stream.of(VAR_LIB, SYSIMAGE).filter(d -> ProbeFiles.isDirectory(access, d)).findFirst();
    }

    /** rpm -qa on a running host; on an offline root, with --dbpath pointing at {@code dir} inside the root. */
    public static FixedCommand command(HostAccess access, String dir) {
        if (access.mode() != AccessMode.ROOT) {
            return FixedCommand.RPM_QA;
        }
        return dir.equals(SYSIMAGE) ? FixedCommand.RPM_QA_ROOT_SYSIMAGE : FixedCommand.RPM_QA_ROOT;
    }
}
