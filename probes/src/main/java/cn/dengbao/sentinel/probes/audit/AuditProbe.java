package cn.dengbao.sentinel.probes.audit;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.system.ActiveUnits;
import cn.dengbao.sentinel.probes.system.InstalledPackages;
import cn.dengbao.sentinel.probes.system.Systemd;
import cn.dengbao.sentinel.probes.system.SysvInit;
import cn.dengbao.sentinel.proto.Audit;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import java.util.List;
import java.util.Set;

/** Auditing and logging: auditd and its rules, rsyslog forwarding and templates, journald, logrotate retention. */
public final class AuditProbe implements Probe {

    @Override
    public FactSection section() {
        return FactSection.SECTION_AUDIT;
    }

    @Override
    public List<ProbePath> paths() {
        return ProbePath.concat(AuditdReader.PATHS, RsyslogReader.PATHS, JournaldReader.PATHS, LogrotateReader.PATHS,
                Systemd.PATHS, SysvInit.PATHS, InstalledPackages.PATHS);
    }

    @Override
    public Set<FixedCommand> commands() {
        return Probe.union(AuditdReader.COMMANDS, ActiveUnits.COMMANDS, InstalledPackages.COMMANDS);
    }

    @Override
    public Set<FactSection> reads() {
        return Set.of(FactSection.SECTION_PACKAGES);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Audit.Builder out = Audit.newBuilder();
        Systemd systemd = Systemd.of(ctx, AuditdReader.FACT);
        Set<String> packages = InstalledPackages.names(ctx, facts);
        Set<String> active = ActiveUnits.of(ctx);
        AuditdReader.read(ctx, systemd, packages, active, out);
        boolean rsyslogConf = RsyslogReader.read(ctx, out);
        out.setRsyslogInstalled(rsyslogConf || packages.contains("rsyslog")
                || ProbeFiles.anyExists(ctx.access(), "/usr/sbin/rsyslogd", "/sbin/rsyslogd"));
        out.setRsyslogEnabled(systemd.enabled("rsyslog.service", "syslog.service") || SysvInit.enabled(ctx, systemd, "rsyslog")
                || active.contains("rsyslog"));
        JournaldReader.read(ctx, out);
        LogrotateReader.read(ctx, out);
        facts.setAudit(out);
    }
}
