package cn.dengbao.sentinel.probes.files;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.FileMode;
import cn.dengbao.sentinel.proto.FilePermissions;
import java.util.List;

/** Owner, group and permission bits of the files an assessor checks. A missing file is a fact (exists = false). */
public final class FilePermissionsProbe implements Probe {
    public static final List<String> CRITICAL = List.of(
            "/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/ssh/sshd_config", "/etc/sudoers",
            "/var/log/audit", "/var/log/audit/audit.log", "/etc/audit/auditd.conf", "/etc/login.defs", "/etc/crontab",
            "/var/log/messages", "/var/log/syslog", "/var/log/secure", "/var/log/auth.log");

    static final List<ProbePath> PATHS = CRITICAL.stream().map(ProbePath::stat).toList();

    @Override
    public FactSection section() {
        return FactSection.SECTION_FILE_PERMISSIONS;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        FilePermissions.Builder out = FilePermissions.newBuilder();
        for (String path : CRITICAL) {
            FileMode.Builder fm = FileMode.newBuilder().setPath(path);
            try {
                FileStat self = ctx.access().stat(path, false);
                // a link's own bits mean nothing; report its target's, and that it is a link
                FileStat st = self.symbolicLink() ? ctx.access().stat(path, true) : self;
                fm.setExists(true).setIsLink(self.symbolicLink()).setIsDirectory(st.directory()).setMode(st.mode()).setModeOctal(st.modeOctal())
                        .setOwner(st.owner()).setGroup(st.group()).setUid(st.uid()).setGid(st.gid());
            } catch (AccessException e) {
                if (!e.notFound()) {
                    ctx.error("file_permissions", e);
                }
                fm.setExists(false);
            }
            out.addFiles(fm);
        }
        facts.setFilePermissions(out);
    }
}
