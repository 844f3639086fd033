package cn.dengbao.sentinel.collector.credentials;

import java.util.Arrays;

/**
 * A secret used to log in to an SSH target: a password, or a private key (with optional passphrase).
 * Held as bytes so it can be wiped after use; {@link #toString()} never shows it.
 */
public final class Credential implements AutoCloseable {

    public enum Type { PASSWORD, PRIVATE_KEY }

    private final Type type;
    private final byte[] secret;
    private final byte[] passphrase;

    private Credential(Type type, byte[] secret, byte[] passphrase) {
        this.type = type;
        this.secret = secret;
        this.passphrase = passphrase;
    }

    /** Takes ownership of {@code password}: it is wiped when the credential is closed. */
    public static Credential password(byte[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("密码为空 (empty password)");
        }
        return new Credential(Type.PASSWORD, password, new byte[0]);
    }

    /** Takes ownership of both arrays; {@code passphrase} may be empty for an unencrypted key. */
    public static Credential privateKey(byte[] keyFileContent, byte[] passphrase) {
        if (keyFileContent == null || keyFileContent.length == 0) {
            throw new IllegalArgumentException("私钥文件为空 (empty private key file)");
        }
        return new Credential(Type.PRIVATE_KEY, keyFileContent, passphrase == null ? new byte[0] : passphrase);
    }

    public Type type() {
        return type;
    }

    /** The password or the private key file content. Callers must not log or keep it. */
    public byte[] secret() {
        return secret;
    }

    /** The key passphrase; empty when none. */
    public byte[] passphrase() {
        return passphrase;
    }

    /** Overwrites the secret bytes in memory. */
    @Override
    public void close() {
        Arrays.fill(secret, (byte) 0);
        Arrays.fill(passphrase, (byte) 0);
    }

    @Override
    public String toString() {
        return "Credential[" + type + ", ******]";
    }
}
