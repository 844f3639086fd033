package cn.dengbao.sentinel.probes.pam;

import static cn.dengbao.sentinel.probes.ProbePath.list;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Pam;
import java.util.List;

/** The effective PAM stacks of the services that decide authentication, password changes and sessions. */
public final class PamProbe implements Probe {
    public static final List<String> SERVICES = List.of(
            "common-auth", "common-password", "common-account", "common-session", "common-session-noninteractive",
            "system-auth", "password-auth", "sshd", "login", "su", "sudo", "passwd", "other");

    @Override
    public FactSection section() {
        return FactSection.SECTION_PAM;
    }

    @Override
    public List<ProbePath> paths() {
        return ProbePath.concat(List.of(list(PamStackReader.PAM_DIR)), PamStackReader.PATHS);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Pam.Builder pam = Pam.newBuilder();
        try {
            ctx.access().list(PamStackReader.PAM_DIR);
        } catch (AccessException e) {
            ctx.error("pam", e);
            facts.setPam(pam);
            return;
        }
        PamStackReader reader = new PamStackReader(ctx.access());
        for (String service : SERVICES) {
            PamStackReader.Result r = reader.read(service, ctx, "pam." + service);
            if (r.present()) {
                pam.addStacks(r.stack());
            }
        }
        facts.setPam(pam);
    }
}
