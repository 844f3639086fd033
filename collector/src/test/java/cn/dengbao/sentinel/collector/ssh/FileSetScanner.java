package cn.dengbao.sentinel.collector.ssh;


import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.proto.CollectionError;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads (and stats) the configuration files the probes read, without interpreting them: the load of a real
 * scan, for the benchmark and for tests that must not depend on the probes. Missing files are normal; other
 * failures become collection errors.
 */
public final class FileSetScanner implements HostScanner {

    public static final List<String> FILES = List.of(
            "/etc/os-release", "/etc/hostname", "/etc/machine-id", "/etc/passwd", "/etc/shadow", "/etc/group",
            "/etc/gshadow", "/etc/login.defs", "/etc/security/pwquality.conf", "/etc/security/faillock.conf",
            "/etc/pam.d/common-password", "/etc/pam.d/common-auth", "/etc/pam.d/system-auth",
            "/etc/pam.d/password-auth", "/etc/pam.d/sshd", "/etc/pam.d/login", "/etc/profile", "/etc/bash.bashrc",
            "/etc/ssh/sshd_config", "/etc/sudoers", "/etc/audit/auditd.conf", "/etc/audit/audit.rules",
            "/etc/rsyslog.conf", "/etc/systemd/journald.conf", "/etc/logrotate.conf", "/etc/chrony/chrony.conf",
            "/etc/chrony.conf", "/etc/ntp.conf", "/etc/selinux/config", "/etc/hosts.allow", "/etc/hosts.deny",
            "/etc/crontab");
    public static final List<String> DIRS = List.of("/etc/sudoers.d", "/etc/profile.d", "/etc/ssh/sshd_config.d", "/etc/pam.d");

    @Override
    public Facts collect(HostAccess access) {
        long start = System.nanoTime();
        Facts.Builder facts = Facts.newBuilder().setSchemaVersion("1").setReportId(java.util.UUID.randomUUID().toString());
        String hostname = "";
        for (String f : FILES) {
            try {
                access.stat(f, true);
                byte[] content = access.read(f, HostAccess.DEFAULT_MAX_BYTES);
                if (f.equals("/etc/hostname")) {
                    hostname = new String(content, StandardCharsets.UTF_8).strip();
                }
            } catch (AccessException e) {
                record(facts, e);
            }
        }
        for (String d : DIRS) {
            try {
                access.list(d);
            } catch (AccessException e) {
                record(facts, e);
            }
        }
        facts.setHost(HostInfo.newBuilder()
                .setHostname(hostname)
                .setAccessMode(access.mode())
                .setCollectedAtEpochMs(System.currentTimeMillis())
                .setCollectionMillis((System.nanoTime() - start) / 1_000_000));
        return facts.build();
    }

    private static void record(Facts.Builder facts, AccessException e) {
        if (!e.notFound()) {
            facts.addCollectionErrors(CollectionError.newBuilder()
                    .setFact("files").setPath(e.path() == null ? "" : e.path()).setKind(e.kind()).setDetail(e.getMessage()));
        }
    }
}
