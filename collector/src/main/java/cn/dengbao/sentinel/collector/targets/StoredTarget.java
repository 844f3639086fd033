package cn.dengbao.sentinel.collector.targets;

import cn.dengbao.sentinel.collector.ssh.HostKeyPin;
import cn.dengbao.sentinel.collector.ssh.SshTarget;
import java.time.Instant;

/**
 * A row of {@code ssh_targets}: the target and its sealed credential. The credential bytes are ciphertext from the
 * vault and are never printed ({@link #toString()}).
 */
public record StoredTarget(String name, String host, int port, String username, AuthType authType, byte[] credentialEnc,
                           String hostKeySha256, String knownHostsLine, boolean useSudo, String group, Instant createdAt) {

    public enum AuthType {
        KEY, PASSWORD;

        public String dbValue() {
            return this == KEY ? "key" : "password";
        }

        public static AuthType fromDb(String s) {
            return "password".equalsIgnoreCase(s) ? PASSWORD : KEY;
        }
    }

    public SshTarget toSshTarget() {
        return new SshTarget(name, host, port, username, useSudo, group, HostKeyPin.stored(hostKeySha256, knownHostsLine));
    }

    @Override
    public String toString() {
        return "StoredTarget[" + name + " " + username + "@" + host + ":" + port + " auth=" + authType.dbValue()
                + " sudo=" + useSudo + " group=" + group + " hostKey=" + hostKeySha256 + " credential=******]";
    }
}
