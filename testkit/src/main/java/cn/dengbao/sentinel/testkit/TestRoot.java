package cn.dengbao.sentinel.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files, directories and links into a temporary directory laid out like a host's root ("/etc/passwd" is
 * {@code root/etc/passwd}), for tests that then read it as a host (the probes' root-directory access, the agent's
 * {@code collect --root}). Only writes files: reading it as a host is the probes' business.
 */
public final class TestRoot {
    private final Path root;

    /** Over {@code root}, created when it does not exist yet. */
    public TestRoot(Path root) {
        try {
            this.root = Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    /** The real path of a host path inside this root. */
    public Path real(String hostPath) {
        return root.resolve(hostPath.replaceFirst("^/+", ""));
    }

    /** A file with {@code content}, parents created. */
    public TestRoot file(String hostPath, String content) {
        try {
            Path p = real(hostPath);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file with {@code content} and permissions such as "rw-r-----". */
    public TestRoot file(String hostPath, String content, String perms) {
        file(hostPath, content);
        return chmod(hostPath, perms);
    }

    public TestRoot chmod(String hostPath, String perms) {
        try {
            Files.setPosixFilePermissions(real(hostPath), PosixFilePermissions.fromString(perms));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestRoot dir(String hostPath) {
        try {
            Files.createDirectories(real(hostPath));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A symbolic link at {@code hostPath} whose target is written verbatim (absolute or relative). */
    public TestRoot link(String hostPath, String target) {
        try {
            Path p = real(hostPath);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal Debian 12 root with the distribution's defaults (no faillock, no TMOUT, PASS_MAX_DAYS 99999). */
    public TestRoot debian12() {
        file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n");
        file("/etc/hostname", "deb12\n");
        file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                + "games:x:5:60:games:/usr/games:/usr/sbin/nologin\n"
                + "sshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n"
                + "admin:x:1000:1000:Admin,,,:/home/admin:/bin/bash\n", "rw-r--r--");
        file("/etc/shadow", "root:$y$j9T$abcdefghijklmnopqrstu0$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn:20000:0:99999:7:::\n"
                + "daemon:*:20000:0:99999:7:::\n"
                + "games:*:20000:0:99999:7:::\n"
                + "sshd:!:20000::::::\n"
                + "admin:$y$j9T$zyxwvutsrqponmlkjihgf0$0123456789abcdefghijklmnopqrstuvwxyzABCDE:20000:0:99999:7:::\n", "rw-r-----");
        file("/etc/group", "root:x:0:\nsudo:x:27:admin\nadmin:x:1000:\n", "rw-r--r--");
        file("/var/lib/dpkg/status", "Package: openssh-server\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:9.2p1-2+deb12u3\n\n"
                + "Package: libpam-modules\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.5.2-6+deb12u1\n");
        file("/etc/login.defs", "MAIL_DIR        /var/mail\nUMASK           022\nPASS_MAX_DAYS\t99999\nPASS_MIN_DAYS\t0\nPASS_WARN_AGE\t7\nENCRYPT_METHOD YESCRYPT\n");
        file("/etc/pam.d/common-auth", "# here are the per-package modules (the \"Primary\" block)\n"
                + "auth\t[success=1 default=ignore]\tpam_unix.so nullok\n"
                + "auth\trequisite\t\t\tpam_deny.so\n"
                + "auth\trequired\t\t\tpam_permit.so\n");
        file("/etc/pam.d/common-password", "password\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt\n"
                + "password\trequisite\t\t\tpam_deny.so\npassword\trequired\t\t\tpam_permit.so\n");
        file("/etc/pam.d/common-account", "account\t[success=1 new_authtok_reqd=done default=ignore]\tpam_unix.so\n"
                + "account\trequisite\t\t\tpam_deny.so\naccount\trequired\t\t\tpam_permit.so\n");
        file("/etc/pam.d/common-session", "session\t[default=1]\t\t\tpam_permit.so\nsession\trequisite\t\t\tpam_deny.so\n"
                + "session\trequired\t\t\tpam_permit.so\nsession\trequired\tpam_unix.so\n"
                + "session\toptional\tpam_systemd.so\n");
        file("/etc/pam.d/sshd", "@include common-auth\naccount    required     pam_nologin.so\n@include common-account\n"
                + "session [success=ok ignore=ignore module_unknown=ignore default=bad]        pam_selinux.so close\n"
                + "session    required     pam_loginuid.so\n@include common-session\n@include common-password\n");
        file("/etc/profile", "if [ \"$(id -u)\" -eq 0 ]; then\n  PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nfi\nexport PATH\n");
        file("/etc/bash.bashrc", "# System-wide .bashrc file\n[ -z \"$PS1\" ] && return\n");
        file("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n"
                + "KbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\nPrintMotd no\n"
                + "AcceptEnv LANG LC_*\nSubsystem\tsftp\t/usr/lib/openssh/sftp-server\n", "rw-r--r--");
        dir("/etc/ssh/sshd_config.d");
        file("/usr/sbin/sshd", "", "rwxr-xr-x");
        file("/etc/sudoers", "Defaults\tenv_reset\nDefaults\tmail_badpass\n"
                + "Defaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n"
                + "Defaults\tuse_pty\nroot\tALL=(ALL:ALL) ALL\n%sudo\tALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n", "r--r-----");
        file("/etc/sudoers.d/README", "# files in this directory are included\n");
        return this;
    }
}
