package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.collector.credentials.Credential;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Opens one SSH session (JSch) to a target: modern key exchanges and ciphers only, the host key verified against the
 * target's pin (there is no accept-any mode), authentication with its credential, which is wiped afterwards
 * whatever happens. Failures become {@link SshScanException}s that say why in the operator's terms.
 */
final class SshSession {
    /** Post-quantum hybrid first where the server has it (OpenSSH ≥ 9.9), then curve25519; no SHA-1 groups. */
    private static final String KEX = "mlkem768x25519-sha256,curve25519-sha256,curve25519-sha256@libssh.org,"
            + "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
            + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256";
    /** AEAD first (no separate MAC pass); CTR+ETM kept for older servers. */
    private static final String CIPHERS = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr";

    /** A connected, authenticated session and the SHA-256 fingerprint of the (pinned, verified) key it presented. */
    record Opened(Session session, String presentedFingerprint) {
    }

    private SshSession() {
    }

    static Opened open(SshTarget target, Credential credential, SshOptions options) throws SshScanException {
        PinnedHostKeyRepository keys = new PinnedHostKeyRepository(target.pin());
        Session session = null;
        try (credential) {
            JSch jsch = new JSch();
            session = jsch.getSession(target.username(), target.host(), target.port());
            session.setHostKeyRepository(keys);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferKnownHostKeyTypes", "yes");
            // JSch by default test-initialises ~8 key exchanges (incl. post-quantum ones through BouncyCastle) and
            // the ed25519/ed448 signatures on every connect to drop unavailable ones; Java 17 has X25519 and
            // Ed25519, so only the post-quantum hybrid needs that check. Saves CPU on every host of a scan.
            session.setConfig("CheckKexes", "mlkem768x25519-sha256");
            session.setConfig("CheckSignatures", "");
            session.setConfig("CheckCiphers", "");
            session.setConfig("kex", KEX);
            session.setConfig("cipher.c2s", CIPHERS);
            session.setConfig("cipher.s2c", CIPHERS);
            session.setDaemonThread(true);
            if (credential.type() == Credential.Type.PASSWORD) {
                session.setConfig("PreferredAuthentications", "password");
                session.setPassword(credential.secret().clone());
            } else {
                session.setConfig("PreferredAuthentications", "publickey");
                byte[] pass = credential.passphrase().length == 0 ? null : credential.passphrase().clone();
                try {
                    jsch.addIdentity(target.name(), credential.secret().clone(), null, pass);
                } catch (JSchException e) {
                    throw new SshScanException(SshScanException.Reason.CREDENTIAL,
                            "目标 " + target.name() + " 的私钥无法加载 (wrong passphrase or unsupported key format)");
                }
            }
            session.setServerAliveInterval((int) Math.min(Integer.MAX_VALUE, Math.max(1000, options.connectTimeout().toMillis())));
            session.setServerAliveCountMax(3);
            // the handshake counts against the per-host limit too
            session.connect(HostDeadline.millis(options.connectTimeout().compareTo(options.hostTimeout()) < 0
                    ? options.connectTimeout() : options.hostTimeout()));
            byte[] presented = keys.presented();
            return new Opened(session, presented == null ? "" : HostKeyPin.fingerprintOf(presented));
        } catch (JSchException e) {
            if (session != null) {
                session.disconnect();
            }
            throw translate(target, keys, e);
        }
    }

    private static SshScanException translate(SshTarget target, PinnedHostKeyRepository keys, JSchException e) {
        String where = target.name() + " (" + target.host() + ":" + target.port() + ")";
        byte[] presented = keys.presented();
        if (e instanceof JSchChangedHostKeyException || e instanceof JSchUnknownHostKeyException
                || (presented != null && !target.pin().matches(presented))) {
            String type = presented == null ? "" : keyType(presented) + " ";
            return new HostKeyMismatchException(where, target.pin().expectedDescription(),
                    presented == null ? "(none)" : type + HostKeyPin.fingerprintOf(presented));
        }
        Throwable cause = e.getCause();
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (cause instanceof SocketTimeoutException || msg.contains("timeout") || msg.contains("timed out")) {
            return new SshScanException(SshScanException.Reason.TIMEOUT, "连接超时 (connect timeout) " + where, e);
        }
        if (cause instanceof ConnectException) {
            return new SshScanException(SshScanException.Reason.CONNECT, "无法连接 (connection refused) " + where, e);
        }
        if (cause instanceof UnknownHostException) {
            return new SshScanException(SshScanException.Reason.CONNECT, "主机名无法解析 (unknown host) " + where, e);
        }
        if (msg.startsWith("Auth fail") || msg.contains("Auth cancel") || msg.contains("USERAUTH fail")) {
            return new SshScanException(SshScanException.Reason.AUTH,
                    "认证失败 (authentication failed) " + where + " 用户 " + target.username(), e);
        }
        // JSch messages describe protocol state, never credentials.
        return new SshScanException(SshScanException.Reason.PROTOCOL, "SSH 连接失败 " + where + ": " + msg, e);
    }

    /** The SSH key type name inside a public key blob (first length-prefixed string). */
    static String keyType(byte[] blob) {
        if (blob.length < 4) {
            return "?";
        }
        int n = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (n <= 0 || n > 64 || 4 + n > blob.length) {
            return "?";
        }
        return new String(blob, 4, n, StandardCharsets.US_ASCII);
    }
}
