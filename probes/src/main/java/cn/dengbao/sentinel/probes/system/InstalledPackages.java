package cn.dengbao.sentinel.probes.system;

import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.packages.DpkgStatus;
import cn.dengbao.sentinel.probes.packages.RpmDb;
import cn.dengbao.sentinel.probes.packages.RpmOutput;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Package;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Names of installed packages for probes that only ask "is X installed". Uses the packages section when it
 * was already collected, otherwise reads the package database once per collection (cached by context).
 * Failures are not recorded here: the packages probe owns and reports them.
 */
public final class InstalledPackages {
    private static final Map<ProbeContext, Set<String>> CACHE = Collections.synchronizedMap(new WeakHashMap<>());
    /** What reading the package database touches when the packages section is not there. */
    public static final List<ProbePath> PATHS = ProbePath.concat(List.of(ProbePath.read(DpkgStatus.PATH)), RpmDb.PATHS);
    public static final Set<FixedCommand> COMMANDS = RpmDb.COMMANDS;

    private InstalledPackages() {
    }

    public static Set<String> names(ProbeContext ctx, Facts.Builder facts) {
        if (!facts.getPackages().getManager().isEmpty()) {
            Set<String> names = new HashSet<>();
            for (Package p : facts.getPackages().getPackagesList()) {
                names.add(p.getName());
            }
            return names;
        }
        return CACHE.computeIfAbsent(ctx, InstalledPackages::read);
    }

    private static Set<String> read(ProbeContext ctx) {
        Set<String> names = new HashSet<>();
        var dpkg = ProbeFiles.readQuietly(ctx.access(), DpkgStatus.PATH, ProbeFiles.MAX_DATABASE_BYTES);
        if (dpkg.isPresent()) {
            DpkgStatus.parse(dpkg.get()).forEach(p -> names.add(p.getName()));
            return names;
        }
        Optional<String> db = RpmDb.dir(ctx.access());
        if (db.isPresent()) {
            try {
                CommandResult r = ctx.access().run(RpmDb.command(ctx.access(), db.get()));
                if (r.ok()) {
                    RpmOutput.parseQa(r.stdout()).forEach(i -> names.add(i.pkg().getName()));
                }
            } catch (AccessException e) {
                // reported by the packages probe
            }
        }
        return names;
    }
}
