package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/**
 * An agentless SSH scan target. {@code credentialEnc} is the encrypted credential (the ssh-scan feature owns the
 * encryption); the store never sees it in clear. Host keys are pinned: {@code knownHostsLine}/{@code hostKeySha256}.
 */
public record SshTarget(String name, String host, int port, String username, String authType, byte[] credentialEnc,
                        String hostKeySha256, String knownHostsLine, boolean useSudo, String group,
                        Instant createdAt) {
    public static final String AUTH_KEY = "key";
    public static final String AUTH_PASSWORD = "password";

    /** Never print the credential, even encrypted. */
    @Override
    public String toString() {
        return "SshTarget[" + name + " " + username + "@" + host + ":" + port + " auth=" + authType + "]";
    }
}
