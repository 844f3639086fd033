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
    /** The database directories, and the files that say whether /usr/lib/sysimage/rpm holds the database. */
    public static final List<ProbePath> PATHS = ProbePath.concat(List.of(stat(SYSIMAGE), stat(VAR_LIB)),
            FILES.stream().map(f -> stat(SYSIMAGE + "/" + f)).toList());
    /** Every command that may read the package list. */
    public static final java.util.Set<FixedCommand> COMMANDS = java.util.Set.of(FixedCommand.RPM_QA, FixedCommand.RPM_QA_ROOT,
            FixedCommand.RPM_QA_ROOT_SYSIMAGE);

    private RpmDb() {
    }

    /** The database directory, when the host has one. */
    public static Optional<String> dir(HostAccess access) {
        if (FILES.stream().anyMatch(f -> ProbeFiles.anyExists(access, SYSIMAGE + "/" + f))) {
            return Optional.of(SYSIMAGE);
        }
        for (String d : List.of(VAR_LIB, SYSIMAGE)) {
            if (ProbeFiles.isDirectory(access, d)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** rpm -qa on a running host; on an offline root, with --dbpath pointing at {@code dir} inside the root. */
    public static FixedCommand command(HostAccess access, String dir) {
        if (access.mode() != AccessMode.ROOT) {
            return FixedCommand.RPM_QA;
        }
        return dir.equals(SYSIMAGE) ? FixedCommand.RPM_QA_ROOT_SYSIMAGE : FixedCommand.RPM_QA_ROOT;
    }
}
