package cn.dengbao.sentinel.probes.access;

import java.util.List;

/**
 * The only commands a probe may run, on any access. Each is read-only and takes no input from the
 * collector, so an agent can never be made to run something it was sent. Add a command here, with
 * review, rather than building argv anywhere else.
 */
public enum FixedCommand {
    UNAME_R(List.of("uname", "-r")),
    HOSTNAME(List.of("hostname")),
    RPM_QA(List.of("rpm", "-qa", "--qf", "%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{INSTALLTIME}\\t%{SOURCERPM}\\t%{EPOCH}\\n")),
    /** An offline root's database, path given inside the root: the scanner's own rpm default may be anywhere. */
    RPM_QA_ROOT(List.of("rpm", "--root", "{root}", "--dbpath", "/var/lib/rpm", "-qa", "--qf",
            "%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{INSTALLTIME}\\t%{SOURCERPM}\\t%{EPOCH}\\n")),
    RPM_QA_ROOT_SYSIMAGE(List.of("rpm", "--root", "{root}", "--dbpath", "/usr/lib/sysimage/rpm", "-qa", "--qf",
            "%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{INSTALLTIME}\\t%{SOURCERPM}\\t%{EPOCH}\\n")),
    SYSTEMCTL_UNIT_FILES(List.of("systemctl", "list-unit-files", "--type=service", "--no-legend", "--no-pager")),
    SYSTEMCTL_ACTIVE(List.of("systemctl", "list-units", "--type=service", "--state=active", "--no-legend", "--no-pager", "--plain")),
    SS_LISTEN(List.of("ss", "-H", "-tulnp")),
    APT_SIMULATE_UPGRADE(List.of("apt-get", "-s", "-o", "Debug::NoLocking=1", "upgrade")),
    YUM_UPDATEINFO_SECURITY(List.of("yum", "-q", "--cacheonly", "updateinfo", "list", "security")),
    YUM_CHECK_UPDATE(List.of("yum", "-q", "--cacheonly", "check-update")),
    AUDITCTL_STATUS(List.of("auditctl", "-s")),
    AUDITCTL_LIST(List.of("auditctl", "-l")),
    SESTATUS(List.of("sestatus")),
    GETENFORCE(List.of("getenforce")),
    AA_STATUS(List.of("aa-status")),
    MOKUTIL_SB_STATE(List.of("mokutil", "--sb-state")),
    SSHD_T(List.of("sshd", "-T")),
    LASTLOG(List.of("lastlog"));

    private final List<String> argv;

    FixedCommand(List<String> argv) {
        this.argv = argv;
    }

    /** The argument vector; "{root}" is replaced by the access's root directory where it applies. */
    public List<String> argv() {
        return argv;
    }
}
