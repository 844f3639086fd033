package cn.dengbao.sentinel.collector.ssh;

import java.util.Objects;

/**
 * Where and how to reach one host over SSH. Holds no secret: the credential is unsealed from the vault only
 * for the duration of a connection.
 */
public record SshTarget(String name, String host, int port, String username, boolean useSudo, String group, HostKeyPin pin) {

    public SshTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(pin, "a host key pin is required: there is no accept-any mode");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("端口无效: " + port);
        }
        group = group == null ? "" : group;
    }
}
