package cn.dengbao.sentinel.collector.ssh;

import java.time.Duration;

/**
 * Time and size limits of one SSH scan.
 *
 * @param connectTimeout TCP connect + SSH handshake + authentication
 * @param hostTimeout    the whole scan of one host; after it the session is cut
 * @param commandTimeout one fixed command or sudo read
 * @param maxCommandOutput cap on a command's stdout
 */
public record SshOptions(Duration connectTimeout, Duration hostTimeout, Duration commandTimeout, int maxCommandOutput) {

    public static SshOptions defaults() {
        return new SshOptions(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(60), 16 * 1024 * 1024);
    }

    public SshOptions withConnectTimeout(Duration d) {
        return new SshOptions(d, hostTimeout, commandTimeout, maxCommandOutput);
    }

    public SshOptions withHostTimeout(Duration d) {
        return new SshOptions(connectTimeout, d, commandTimeout, maxCommandOutput);
    }

    public SshOptions withCommandTimeout(Duration d) {
        return new SshOptions(connectTimeout, hostTimeout, d, maxCommandOutput);
    }
}
