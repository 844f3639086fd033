package cn.dengbao.sentinel.probes.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingUpdatesCacheTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
    private static final String DPKG = "Package: zip\nStatus: install ok installed\nVersion: 3.0-13\nArchitecture: amd64\n\n";
    private static final String APT = "Inst zip [3.0-13] (3.0-13+deb12u1 Debian-Security:12/oldstable-security [amd64])\n";

    @TempDir
    Path root;
    @TempDir
    Path tmp;

    private Path cacheDir() {
        return tmp.resolve("cache");
    }

    @Test
    void keyFollowsSizeAndMtimeOfEveryInput() throws Exception {
        TestHost a = new TestHost(new TestRoot(root), AccessMode.LOCAL);
        Path status = a.files().file("/var/lib/dpkg/status", DPKG).real("/var/lib/dpkg/status");
        Path list = a.files().file("/var/lib/apt/lists/deb.debian.org_Packages", "P").real("/var/lib/apt/lists/deb.debian.org_Packages");
        FixedCommand cmd = FixedCommand.APT_SIMULATE_UPGRADE;
        List<String> in = PendingUpdatesCache.APT_INPUTS;
        String k1 = PendingUpdatesCache.key(cmd, in, root);
        assertEquals(k1, PendingUpdatesCache.key(cmd, in, root), "unchanged inputs give the same key");

        Files.setLastModifiedTime(list, FileTime.fromMillis(Files.getLastModifiedTime(list).toMillis() + 60_000));
        String k2 = PendingUpdatesCache.key(cmd, in, root);
        assertNotEquals(k1, k2, "apt update touched a list");

        Files.writeString(status, DPKG + "Package: unzip\n\n");
        Files.setLastModifiedTime(status, FileTime.fromMillis(0));
        String k3 = PendingUpdatesCache.key(cmd, in, root);
        assertNotEquals(k2, k3, "a package was installed (size changed, even with an old mtime)");

        a.files().file("/etc/apt/sources.list.d/extra.list", "deb http://mirror/ bookworm main\n");
        assertNotEquals(k3, PendingUpdatesCache.key(cmd, in, root), "a repository was added");
        assertNotEquals(PendingUpdatesCache.key(cmd, in, root), PendingUpdatesCache.key(FixedCommand.YUM_CHECK_UPDATE, in, root));
    }

    @Test
    void roundTripWithPrivateFilesAndIgnoresEverythingElse() throws Exception {
        PendingUpdatesCache c = PendingUpdatesCache.open(cacheDir(), CLOCK, root).orElseThrow();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir())));
        FixedCommand cmd = FixedCommand.APT_SIMULATE_UPGRADE;
        assertTrue(c.get(cmd, "k").isEmpty());

        String hostile = APT + "weird = value \\u0000 \u201c引号\u201d\n#not a comment\n";
        c.put("k", new CommandResult(cmd, 0, hostile, "stderr is not kept"));
        Path file = c.file(cmd);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        PendingUpdatesCache.Hit hit = c.get(cmd, "k").orElseThrow();
        assertEquals(hostile, hit.result().stdout());
        assertEquals(0, hit.result().exitCode());
        assertEquals(CLOCK.millis(), hit.createdAtEpochMs());
        assertTrue(c.get(cmd, "other-key").isEmpty(), "another key is a miss");
        assertTrue(c.get(FixedCommand.YUM_CHECK_UPDATE, "k").isEmpty(), "another command is a miss");

        // too old, or from the future (clock set back): not served
        Clock later = Clock.offset(CLOCK, Duration.ofMillis(PendingUpdatesCache.MAX_AGE_MS + 1));
        assertTrue(PendingUpdatesCache.open(cacheDir(), later, root).orElseThrow().get(cmd, "k").isEmpty());
        Clock earlier = Clock.offset(CLOCK, Duration.ofMinutes(-1));
        assertTrue(PendingUpdatesCache.open(cacheDir(), earlier, root).orElseThrow().get(cmd, "k").isEmpty());

        String good = Files.readString(file);
        for (String bad : List.of("garbage \\u12", "", good.replace("exit=0", "exit=zero"), good.replaceAll("(?m)^stdout=.*$", ""),
                good.replace(PendingUpdatesCache.FORMAT, "sentinel-pending-updates-0"), good.replaceAll("(?m)^created=.*$", "created=-"),
                "\u0000\u0001\u0002binary")) {
            Files.writeString(file, bad);
            assertTrue(c.get(cmd, "k").isEmpty(), "malformed cache file must be ignored: " + bad);
        }
        Files.delete(file);
        Files.createSymbolicLink(file, tmp.resolve("elsewhere"));
        Files.writeString(tmp.resolve("elsewhere"), good);
        assertTrue(c.get(cmd, "k").isEmpty(), "a link planted in place of the cache file is not followed");
    }

    @Test
    void refusesADirectoryOthersCanWriteOrThatIsALink() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(PendingUpdatesCache.open(open, CLOCK).isEmpty());
        Path link = Files.createSymbolicLink(tmp.resolve("link"), Files.createDirectory(tmp.resolve("real")));
        assertTrue(PendingUpdatesCache.open(link, CLOCK).isEmpty());
        Files.writeString(tmp.resolve("file"), "x");
        assertTrue(PendingUpdatesCache.open(tmp.resolve("file"), CLOCK).isEmpty());
        // a readable but private-to-us directory is tightened to 0700
        Path readable = Files.createDirectory(tmp.resolve("readable"));
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(PendingUpdatesCache.open(readable, CLOCK).isPresent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(readable)));
    }

    @Test
    void probeRunsAptOnceThenServesTheCachedAnswerUntilTheInputsChange() throws Exception {
        TestHost base = new TestHost(new TestRoot(root), AccessMode.LOCAL);
        Path status = base.files().file("/var/lib/dpkg/status", DPKG).real("/var/lib/dpkg/status");
        base.files().file("/var/lib/apt/lists/deb.debian.org_Packages", "P");
        base.command(FixedCommand.APT_SIMULATE_UPGRADE, 0, APT);
        base.command(FixedCommand.UNAME_R, 0, "6.1.0-26-amd64\n");
        CountingAccess access = new CountingAccess(base);
        PackagesProbe probe = new PackagesProbe(PendingUpdatesCache.open(cacheDir(), CLOCK, root).orElseThrow());

        Facts first = collect(access, probe);
        assertEquals(1, access.aptRuns.get());
        assertEquals(1, first.getPackages().getPendingSecurityUpdatesCount());
        assertEquals("apt-get -s -o Debug::NoLocking=1 upgrade", first.getPackages().getSource().getCommand());

        Facts second = collect(access, probe);
        assertEquals(1, access.aptRuns.get(), "served from the cache");
        assertEquals(first.getPackages().getPendingUpdatesList(), second.getPackages().getPendingUpdatesList());
        assertTrue(second.getPackages().getPendingUpdatesKnown());
        assertEquals("apt-get -s -o Debug::NoLocking=1 upgrade (cached 2026-11-24T08:00:00Z)",
                second.getPackages().getSource().getCommand());
        assertEquals(DpkgStatus.PATH, second.getPackages().getSource().getPath(), "installed-package evidence kept");

        // the package is upgraded: dpkg status changes, so the answer is recomputed
        base.command(FixedCommand.APT_SIMULATE_UPGRADE, 0, "");
        Files.writeString(status, DPKG.replace("3.0-13\n", "3.0-13+deb12u1\n"));
        Facts third = collect(access, probe);
        assertEquals(2, access.aptRuns.get());
        assertEquals(0, third.getPackages().getPendingUpdatesCount());

        // a failed run is never cached
        base.command(FixedCommand.APT_SIMULATE_UPGRADE, 100, "E: broken");
        base.files().file("/etc/apt/sources.list", "deb http://mirror/ bookworm main\n");
        Facts failed = collect(access, probe);
        assertFalse(failed.getPackages().getPendingUpdatesKnown());
        collect(access, probe);
        assertEquals(4, access.aptRuns.get());
    }

    @Test
    void offlineRootsAndProbesWithoutCacheAlwaysRunTheCommand() throws Exception {
        TestHost base = new TestHost(new TestRoot(root), AccessMode.SSH);
        base.files().file("/var/lib/dpkg/status", DPKG);
        base.command(FixedCommand.APT_SIMULATE_UPGRADE, 0, APT);
        CountingAccess access = new CountingAccess(base);
        PackagesProbe probe = new PackagesProbe(PendingUpdatesCache.open(cacheDir(), CLOCK, root).orElseThrow());
        collect(access, probe);
        collect(access, probe);
        assertEquals(2, access.aptRuns.get(), "over SSH the cache (which describes this machine) is not used");
        assertFalse(Files.exists(cacheDir().resolve("pending-updates-apt_simulate_upgrade.properties")));
    }

    private static Facts collect(HostAccess access, PackagesProbe probe) {
        var ctx = new cn.dengbao.sentinel.probes.ProbeContext(access, CLOCK);
        Facts.Builder f = Facts.newBuilder();
        probe.collect(ctx, f);
        return f.addAllCollectionErrors(ctx.errors()).build();
    }

    /** Counts the apt runs; everything else goes to the temp-root access. */
    private static final class CountingAccess implements HostAccess {
        final HostAccess delegate;
        final AtomicInteger aptRuns = new AtomicInteger();

        CountingAccess(HostAccess delegate) {
            this.delegate = delegate;
        }

        @Override
        public AccessMode mode() {
            return delegate.mode();
        }

        @Override
        public byte[] read(String path, int maxBytes) throws AccessException {
            return delegate.read(path, maxBytes);
        }

        @Override
        public List<String> list(String dir) throws AccessException {
            return delegate.list(dir);
        }

        @Override
        public FileStat stat(String path, boolean followLinks) throws AccessException {
            return delegate.stat(path, followLinks);
        }

        @Override
        public CommandResult run(FixedCommand command) throws AccessException {
            if (command == FixedCommand.APT_SIMULATE_UPGRADE) {
                aptRuns.incrementAndGet();
            }
            return delegate.run(command);
        }
    }
}
