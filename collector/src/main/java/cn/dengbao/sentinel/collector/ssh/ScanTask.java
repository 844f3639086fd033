package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.collector.credentials.Credential;

/** One host to scan: where, and how to get its credential (unsealed only when the scan starts). */
public record ScanTask(SshTarget target, CredentialSource credential) {

    @FunctionalInterface
    public interface CredentialSource {
        Credential open() throws Exception;
    }
}
