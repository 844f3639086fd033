package cn.dengbao.sentinel.probes.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Package;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagesProbeTest {
    @TempDir
    Path dir;

    static final String STATUS = """
            Package: openssh-server
            Status: install ok installed
            Priority: optional
            Architecture: amd64
            Version: 1:9.2p1-2+deb12u2
            Description: secure shell (SSH) server
             Multi-line description mentioning
             Package: fake-in-description
            Conffiles:
             /etc/ssh/moduli 0123

            Package: telnetd
            Status: deinstall ok config-files
            Architecture: amd64
            Version: 0.17-44

            Package: linux-image-6.1.0-17-amd64
            Status: install ok installed
            Architecture: amd64
            Version: 6.1.69-1

            Package: linux-image-6.1.0-9-amd64
            Status: hold ok installed
            Architecture: amd64
            Version: 6.1.27-1

            Package: linux-image-amd64
            Status: install ok installed
            Architecture: amd64
            Version: 6.1.69-1

            Package: rsh-server
            Status: purge ok not-installed
            Architecture: amd64

            Package: half
            Status: install reinstreq half-installed
            Version: 1
            """;

    @Test
    void dpkgStanzasKernelsAndLastUpdate() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/var/lib/dpkg/status", STATUS);
        a.files().file("/var/log/dpkg.log", """
                2024-01-10 08:00:01 startup archives unpack
                2024-01-10 08:00:05 status installed libc6:amd64 2.36-9
                2024-02-03 21:14:30 status installed openssh-server:amd64 1:9.2p1-2+deb12u2
                2024-02-03 21:14:31 status half-configured openssh-server:amd64 1:9.2p1-2+deb12u2
                garbage line
                """);
        Facts f = a.collect(new PackagesProbe());
        assertEquals("dpkg", f.getPackages().getManager());
        List<String> names = f.getPackages().getPackagesList().stream().map(Package::getName).toList();
        assertEquals(List.of("openssh-server", "linux-image-6.1.0-17-amd64", "linux-image-6.1.0-9-amd64", "linux-image-amd64"), names);
        assertEquals("1:9.2p1-2+deb12u2", f.getPackages().getPackages(0).getVersion());
        assertEquals("amd64", f.getPackages().getPackages(0).getArch());
        assertEquals(List.of("6.1.0-9-amd64", "6.1.0-17-amd64"), f.getPackages().getInstalledKernelsList());
        assertEquals("6.1.0-17-amd64", f.getPackages().getNewestInstalledKernel());
        assertEquals("", f.getPackages().getRunningKernel(), "offline: running kernel unknown");
        assertFalse(f.getPackages().getPendingUpdatesKnown());
        assertEquals(LocalDateTime.of(2024, 2, 3, 21, 14, 30).toEpochSecond(ZoneOffset.UTC), f.getPackages().getLastUpdateEpochS());
        assertEquals(0, f.getCollectionErrorsCount());
    }

    @Test
    void aptSimulationGivesPendingAndSecurityUpdates() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.files().file("/var/lib/dpkg/status", STATUS);
        a.command(FixedCommand.UNAME_R, 0, "6.1.0-9-amd64\n");
        a.command(FixedCommand.APT_SIMULATE_UPGRADE, 0, """
                Reading package lists...
                The following packages will be upgraded:
                  libssl3 openssl tzdata
                Inst libssl3 [3.0.11-1~deb12u1] (3.0.11-1~deb12u2 Debian-Security:12/stable-security [amd64])
                Inst tzdata [2023c-5] (2024a-0+deb12u1 Debian:12.5/stable [all])
                Inst newdep (1.2-1 Debian:12.5/stable, Debian-Security:12/stable-security [amd64])
                Conf libssl3 (3.0.11-1~deb12u2 Debian-Security:12/stable-security [amd64])
                """);
        Facts f = a.collect(new PackagesProbe());
        assertTrue(f.getPackages().getPendingUpdatesKnown());
        assertEquals(List.of("libssl3", "tzdata", "newdep"), f.getPackages().getPendingUpdatesList().stream().map(Package::getName).toList());
        assertEquals(List.of("libssl3", "newdep"), f.getPackages().getPendingSecurityUpdatesList().stream().map(Package::getName).toList());
        assertEquals("3.0.11-1~deb12u2", f.getPackages().getPendingUpdates(0).getVersion());
        assertEquals("amd64", f.getPackages().getPendingUpdates(0).getArch());
        assertEquals("6.1.0-9-amd64", f.getPackages().getRunningKernel());
    }

    @Test
    void rpmOfflineAndAbsentCommand() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/var/lib/rpm/rpmdb.sqlite", "sqlite");  // offline, only a directory holding a database is asked
        a.command(FixedCommand.RPM_QA_ROOT, 0, "bash\t5.1.8-6.el9\tx86_64\t1700000000\n"
                + "kernel-core\t5.14.0-362.8.1.el9_3\tx86_64\t1700000500\n"
                + "kernel-core\t5.14.0-70.13.1.el9_0\tx86_64\t1650000000\n"
                + "gpg-pubkey\tfd431d51-4ae0493b\t(none)\t1600000000\n");
        Facts f = a.collect(new PackagesProbe());
        assertEquals("rpm", f.getPackages().getManager());
        assertEquals(4, f.getPackages().getPackagesCount());
        assertEquals("", f.getPackages().getPackages(3).getArch());
        assertEquals("5.14.0-362.8.1.el9_3.x86_64", f.getPackages().getNewestInstalledKernel());
        assertEquals(1700000500L, f.getPackages().getLastUpdateEpochS());
        assertTrue(f.getPackages().getSource().getCommand().startsWith("rpm --root"));

        TestHost b = new TestHost(new TestRoot(dir.resolve("b")));
        b.files().file("/usr/lib/sysimage/rpm/rpmdb.sqlite", "sqlite");
        Facts g = b.collect(new PackagesProbe());
        assertEquals("rpm", g.getPackages().getManager());
        assertEquals(ErrorKind.COMMAND_ABSENT, g.getCollectionErrors(0).getKind());
        assertEquals("packages", g.getCollectionErrors(0).getFact());
    }

    @Test
    void yumUpdatesLive() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.files().dir("/var/lib/rpm");
        a.command(FixedCommand.RPM_QA, 0, "openssl\t3.0.7-17.el9_2\tx86_64\t1700000000\n");
        a.command(FixedCommand.YUM_CHECK_UPDATE, 100, """

                openssl.x86_64                 1:3.0.7-18.el9_2             baseos
                kernel.x86_64                  5.14.0-362.13.1.el9_3        baseos
                Obsoleting Packages
                grub2-tools.x86_64             1:2.06-70.el9                baseos
                """);
        a.command(FixedCommand.YUM_UPDATEINFO_SECURITY, 0, "RHSA-2023:5768 Important/Sec. openssl-1:3.0.7-18.el9_2.x86_64\n");
        Facts f = a.collect(new PackagesProbe());
        assertTrue(f.getPackages().getPendingUpdatesKnown());
        assertEquals(2, f.getPackages().getPendingUpdatesCount());
        assertEquals("openssl", f.getPackages().getPendingSecurityUpdates(0).getName());
        assertEquals("1:3.0.7-18.el9_2", f.getPackages().getPendingSecurityUpdates(0).getVersion());
        assertEquals("x86_64", f.getPackages().getPendingSecurityUpdates(0).getArch());
    }

    @Test
    void noPackageDatabaseFallsBackToBootKernels() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/boot/vmlinuz-4.19.90-24.4.v2101.ky10.x86_64", "k");
        a.files().file("/boot/vmlinuz-4.19.90-52.22.v2207.ky10.x86_64", "k");
        a.files().file("/boot/vmlinuz-0-rescue-abc", "k");
        Facts f = a.collect(new PackagesProbe());
        assertEquals("4.19.90-52.22.v2207.ky10.x86_64", f.getPackages().getNewestInstalledKernel());
        assertEquals(2, f.getPackages().getInstalledKernelsCount());
        assertEquals(ErrorKind.NOT_FOUND, f.getCollectionErrors(0).getKind());
    }

    /** Runs a real command (rpm, rpmbuild) for the test fixture; fails the test on a non-zero exit. */
    private static void sh(Path workDir, String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    }

    private static boolean onPath(String tool) {
        return java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> java.nio.file.Files.isExecutable(Path.of(d, tool)));
    }

    /** Facts of the packages probe over {@code root} as `collect --root` reads it, the scanner's real rpm included. */
    private static Facts offline(Path root) {
        return offline(root, Facts.newBuilder());
    }

    /** The same, with sections already collected (the OS family). */
    private static Facts offline(Path root, Facts.Builder f) {
        cn.dengbao.sentinel.probes.ProbeContext ctx = new cn.dengbao.sentinel.probes.ProbeContext(
                new cn.dengbao.sentinel.probes.access.RootDirAccess(root), TestHost.CLOCK);
        new PackagesProbe().collect(ctx, f);
        return f.addAllCollectionErrors(ctx.errors()).build();
    }

    @Test
    void rhel9RootReadWithTheScannersRpmAtTheRootsDatabasePath() throws Exception {
        // Debian's rpm keeps its own database in ~/.rpmdb: without --dbpath an RPM image read 0 packages, silently
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("rpm") && onPath("rpmbuild"), "rpm/rpmbuild not installed (apt-get install rpm)");
        Path work = java.nio.file.Files.createDirectories(dir.resolve("build"));
        java.nio.file.Files.writeString(work.resolve("t.spec"), "Name: openssh-server\nVersion: 8.7p1\nRelease: 34.el9\nSummary: t\n"
                + "License: BSD\nBuildArch: noarch\n%description\nt\n%files\n");
        sh(work, "rpmbuild", "-bb", "--quiet", "--define", "_topdir " + work, "--define", "_dbpath " + work.resolve("db"), "t.spec");
        Path root = dir.resolve("rhel9");
        // RHEL 9 layout: the database in /usr/lib/sysimage/rpm, /var/lib/rpm a link to it
        new TestRoot(root).dir("/usr/lib/sysimage/rpm").link("/var/lib/rpm", "../../usr/lib/sysimage/rpm");
        sh(work, "rpm", "--root", root.toString(), "--dbpath", "/usr/lib/sysimage/rpm", "--initdb");
        Facts empty = offline(root);
        assertEquals("rpm", empty.getPackages().getManager());
        assertEquals(0, empty.getPackages().getPackagesCount());
        assertEquals(ErrorKind.MALFORMED, empty.getCollectionErrors(0).getKind(), "0 readable packages is an error, not an empty list");
        assertTrue(empty.getCollectionErrors(0).getDetail().contains("0 个"), empty.getCollectionErrors(0).getDetail());

        sh(work, "rpm", "--root", root.toString(), "--dbpath", "/usr/lib/sysimage/rpm", "-i", "--justdb", "--nodeps", "--noscripts",
                work.resolve("RPMS/noarch/openssh-server-8.7p1-34.el9.noarch.rpm").toString());
        Facts f = offline(root);
        assertEquals(0, f.getCollectionErrorsCount(), f.getCollectionErrorsList().toString());
        assertEquals(List.of("openssh-server"), f.getPackages().getPackagesList().stream().map(Package::getName).toList());
        assertEquals("8.7p1-34.el9", f.getPackages().getPackages(0).getVersion());
        assertTrue(f.getPackages().getSource().getCommand().contains("--dbpath /usr/lib/sysimage/rpm"), f.getPackages().getSource().getCommand());
    }

    @Test
    void rpmRootWithoutRpmOnTheScannerIsAnErrorWithTheReason() {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/var/lib/rpm/Packages", "BerkeleyDB hash");  // CentOS 7
        Facts f = a.collect(new PackagesProbe());
        assertEquals(ErrorKind.COMMAND_ABSENT, f.getCollectionErrors(0).getKind());
        assertEquals("/var/lib/rpm", f.getCollectionErrors(0).getPath());
        assertTrue(f.getCollectionErrors(0).getDetail().contains("apt-get install rpm"), f.getCollectionErrors(0).getDetail());
    }

    /** Builds a tiny noarch package with the real rpmbuild; the test is skipped when rpm or rpmbuild is absent. */
    private Path tinyRpm(String name, String version, String release) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("rpm") && onPath("rpmbuild"), "rpm/rpmbuild not installed (apt-get install rpm)");
        Path work = java.nio.file.Files.createDirectories(dir.resolve("build-" + name));
        java.nio.file.Files.writeString(work.resolve("t.spec"), "Name: " + name + "\nVersion: " + version + "\nRelease: " + release
                + "\nSummary: t\nLicense: BSD\nBuildArch: noarch\n%description\nt\n%files\n");
        sh(work, "rpmbuild", "-bb", "--quiet", "--define", "_topdir " + work, "--define", "_dbpath " + work.resolve("db"), "t.spec");
        return work.resolve("RPMS/noarch/" + name + "-" + version + "-" + release + ".noarch.rpm");
    }

    @Test
    void varLibRpmSqliteRootIsReadAtItsOwnPath() throws Exception {
        // openEuler 20.03 / CentOS 8 layout: rpmdb.sqlite in /var/lib/rpm, no /usr/lib/sysimage/rpm
        Path pkg = tinyRpm("openssh-server", "8.2p1", "9.oe1");
        Path root = dir.resolve("oe");
        new TestRoot(root).dir("/var/lib/rpm");
        sh(dir, "rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm", "--initdb");
        sh(dir, "rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm", "-i", "--justdb", "--nodeps", "--noscripts", pkg.toString());
        Facts f = offline(root);
        assertEquals(0, f.getCollectionErrorsCount(), f.getCollectionErrorsList().toString());
        assertEquals(List.of("openssh-server"), f.getPackages().getPackagesList().stream().map(Package::getName).toList());
        assertEquals("8.2p1-9.oe1", f.getPackages().getPackages(0).getVersion());
        assertTrue(f.getPackages().getSource().getCommand().contains("--dbpath /var/lib/rpm"), f.getPackages().getSource().getCommand());
    }

    @Test
    void sysimageDatabaseIsFoundBesideAnEmptyVarLibRpmWhichIsNeverWritten() throws Exception {
        Path pkg = tinyRpm("audit", "3.0.7", "103.el9");
        Path root = dir.resolve("rhel9");
        new TestRoot(root).dir("/usr/lib/sysimage/rpm").dir("/var/lib/rpm");
        sh(dir, "rpm", "--root", root.toString(), "--dbpath", "/usr/lib/sysimage/rpm", "--initdb");
        sh(dir, "rpm", "--root", root.toString(), "--dbpath", "/usr/lib/sysimage/rpm", "-i", "--justdb", "--nodeps", "--noscripts", pkg.toString());
        Facts f = offline(root);
        assertEquals(0, f.getCollectionErrorsCount(), f.getCollectionErrorsList().toString());
        assertEquals(List.of("audit"), f.getPackages().getPackagesList().stream().map(Package::getName).toList());
        try (var s = java.nio.file.Files.list(root.resolve("var/lib/rpm"))) {
            assertEquals(0, s.count(), "rpm asked about an empty directory would create a database inside the scanned image");
        }
    }

    @Test
    void unreadableBerkeleyDbIsAnErrorWithWhatRpmSaid() throws Exception {
        // a CentOS 7 Packages file this rpm cannot read (here: damaged): the reason names the path and rpm's words
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("rpm"), "rpm not installed (apt-get install rpm)");
        Path root = dir.resolve("centos7");
        new TestRoot(root).file("/var/lib/rpm/Packages", "not a BerkeleyDB hash file");
        Facts f = offline(root);
        assertEquals("rpm", f.getPackages().getManager());
        assertEquals(0, f.getPackages().getPackagesCount());
        assertEquals(1, f.getCollectionErrorsCount(), f.getCollectionErrorsList().toString());
        assertEquals(ErrorKind.COMMAND_FAILED, f.getCollectionErrors(0).getKind());
        assertEquals("packages", f.getCollectionErrors(0).getFact());
        assertEquals("/var/lib/rpm", f.getCollectionErrors(0).getPath());
        String detail = f.getCollectionErrors(0).getDetail();
        assertTrue(detail.contains("/var/lib/rpm：rpm exit") && detail.contains("Packages"), detail);
    }

    @Test
    void rpmFamilyRootWithoutAnyDatabaseIsAnErrorNamingThePathsTried() throws Exception {
        Path root = dir.resolve("kylin");
        new TestRoot(root).dir("/var/lib/rpm").file("/etc/os-release", "ID=kylin\n");
        Facts f = offline(root, Facts.newBuilder().setOs(cn.dengbao.sentinel.proto.OsInfo.newBuilder().setFamily(cn.dengbao.sentinel.proto.OsFamily.RHEL)));
        assertEquals("rpm", f.getPackages().getManager());
        assertEquals(0, f.getPackages().getPackagesCount());
        assertEquals(1, f.getCollectionErrorsCount(), f.getCollectionErrorsList().toString());
        assertEquals(ErrorKind.NOT_FOUND, f.getCollectionErrors(0).getKind());
        String detail = f.getCollectionErrors(0).getDetail();
        assertTrue(detail.contains("/usr/lib/sysimage/rpm") && detail.contains("/var/lib/rpm") && detail.contains("无法判定"), detail);
        try (var s = java.nio.file.Files.list(root.resolve("var/lib/rpm"))) {
            assertEquals(0, s.count(), "no database is created inside the scanned image");
        }

        Path bare = dir.resolve("bare");  // no os-release family, no directories: still an error, not silence
        new TestRoot(bare).dir("/etc");
        Facts g = offline(bare, Facts.newBuilder().setOs(cn.dengbao.sentinel.proto.OsInfo.newBuilder().setFamily(cn.dengbao.sentinel.proto.OsFamily.SUSE)));
        assertEquals(ErrorKind.NOT_FOUND, g.getCollectionErrors(0).getKind());
    }
}
