package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.testkit.TestSshd;

/** The collector's view of the test sshd from the testkit: its pinned host key and a target for it. */
public final class SshdTargets {
    private SshdTargets() {
    }

    public static HostKeyPin pin(TestSshd sshd) throws Exception {
        return HostKeyPin.ofFingerprint(sshd.hostKeyFingerprint());
    }

    public static SshTarget target(TestSshd sshd, String name, String user, boolean sudo) throws Exception {
        return new SshTarget(name, "127.0.0.1", sshd.port(), user, sudo, "test", pin(sshd));
    }
}
