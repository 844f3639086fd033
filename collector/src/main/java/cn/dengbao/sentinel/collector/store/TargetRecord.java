package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.collector.ssh.SshTarget;
import java.time.Instant;

/**
 * A stored agentless SSH scan target: where and how to reach the host, with its pinned host key
 * ({@link SshTarget}), and the credential sealed by the vault ({@code credentialEnc}; the store never sees it in
 * clear). {@code authType} says which kind of credential is sealed.
 */
public record TargetRecord(SshTarget target, String authType, byte[] credentialEnc, Instant createdAt) {
    public static final String AUTH_KEY = "key";
    public static final String AUTH_PASSWORD = "password";

    /** Never print the credential, even encrypted. */
    @Override
    public String toString() {
        return "TargetRecord[" + target.name() + " " + target.username() + "@" + target.host() + ":" + target.port()
                + " auth=" + authType + "]";
    }
}
