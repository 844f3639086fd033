package cn.dengbao.sentinel.agent.collect;

import cn.dengbao.sentinel.agent.probe.Probe;
import cn.dengbao.sentinel.agent.probe.accounts.AccountsProbe;
import cn.dengbao.sentinel.agent.probe.files.FilePermissionsProbe;
import cn.dengbao.sentinel.agent.probe.lockout.LoginLockoutProbe;
import cn.dengbao.sentinel.agent.probe.pam.PamProbe;
import cn.dengbao.sentinel.agent.probe.password.PasswordPolicyProbe;
import cn.dengbao.sentinel.agent.probe.session.SessionProbe;
import cn.dengbao.sentinel.agent.probe.sshd.SshdProbe;
import cn.dengbao.sentinel.agent.probe.sudoers.SudoersProbe;
import java.util.List;

/** Every probe the agent runs, in order. Add a probe here; nothing else discovers them. */
public final class ProbeRegistry {
    private ProbeRegistry() {
    }

    public static List<Probe> all() {
        return List.of(
                new AccountsProbe(),
                new PamProbe(),
                new PasswordPolicyProbe(),
                new LoginLockoutProbe(),
                new SessionProbe(),
                new SshdProbe(),
                new SudoersProbe(),
                new FilePermissionsProbe());
    }
}
