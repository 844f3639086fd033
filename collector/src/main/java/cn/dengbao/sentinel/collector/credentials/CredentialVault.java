package cn.dengbao.sentinel.collector.credentials;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts SSH credentials at rest with AES-256-GCM under a 32-byte key file the operator controls.
 *
 * <p>Why AES-256-GCM rather than SM4-GCM: it is in every JDK (no provider to register in the collector or in
 * tools that may later re-key), uses AES-NI, and matches the 32-byte key file. The sealed record carries an
 * algorithm byte, so an SM4-GCM (BouncyCastle) variant can be added for 商用密码 (密评) deployments without
 * breaking stored records.
 *
 * <p>Record layout: {@code 'D' 'S' version=1 alg=1 nonce[12] ciphertext||tag[16]}. The AAD is the target name,
 * so a record copied onto another target does not decrypt. Every record gets a fresh random nonce.
 */
public final class CredentialVault {

    public static final int KEY_BYTES = 32;
    private static final byte[] MAGIC = {'D', 'S'};
    private static final byte VERSION = 1;
    private static final byte ALG_AES_256_GCM = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER = 4 + NONCE_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private CredentialVault(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        Arrays.fill(keyBytes, (byte) 0);
    }

    /**
     * Opens the vault under {@code keyFile}, creating the file (0600, 32 random bytes, parent dir 0700) when it
     * does not exist. Refuses a key file of the wrong size or readable by group/others.
     */
    public static CredentialVault openOrCreate(Path keyFile) throws VaultException {
        try {
            if (!Files.exists(keyFile)) {
                create(keyFile);
            }
            return open(keyFile);
        } catch (IOException e) {
            throw new VaultException("无法读取或创建密钥文件 " + keyFile + ": " + e.getClass().getSimpleName());
        }
    }

    /** Opens an existing key file; never creates one (for commands that only decrypt). */
    public static CredentialVault open(Path keyFile) throws VaultException {
        try {
            if (!Files.isRegularFile(keyFile)) {
                throw new VaultException("密钥文件不存在: " + keyFile + " (key file missing; use the --key-file the targets were added with)");
            }
            checkPermissions(keyFile);
            byte[] bytes = Files.readAllBytes(keyFile);
            if (bytes.length != KEY_BYTES) {
                int n = bytes.length;
                Arrays.fill(bytes, (byte) 0);
                throw new VaultException("密钥文件长度应为 32 字节, 实际 " + n + " 字节: " + keyFile);
            }
            return new CredentialVault(bytes);
        } catch (IOException e) {
            throw new VaultException("无法读取密钥文件 " + keyFile + ": " + e.getClass().getSimpleName());
        }
    }

    private static void create(Path keyFile) throws IOException {
        Path dir = keyFile.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        try {
            // Created with 0600 from the start: no window in which the key is world-readable.
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(keyFile, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: use theirs
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void checkPermissions(Path keyFile) throws IOException, VaultException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new VaultException("密钥文件权限过宽 (" + PosixFilePermissions.toString(perms)
                            + "), 请执行 chmod 600 " + keyFile);
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // non-POSIX file system: nothing to check
        }
    }

    /** Seals a credential for the target named {@code targetName}. */
    public byte[] seal(String targetName, Credential credential) throws VaultException {
        byte[] plain = encode(credential);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(targetName));
            byte[] sealed = cipher.doFinal(plain);
            ByteBuffer out = ByteBuffer.allocate(HEADER + sealed.length);
            out.put(MAGIC).put(VERSION).put(ALG_AES_256_GCM).put(nonce).put(sealed);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new VaultException("加密凭据失败: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Opens a sealed record; fails (without detail about the content) on a wrong key, target or tampering. */
    public Credential unseal(String targetName, byte[] record) throws VaultException {
        if (record == null || record.length < HEADER + TAG_BITS / 8 || record[0] != MAGIC[0] || record[1] != MAGIC[1]) {
            throw new VaultException("凭据记录格式无效 (target " + targetName + ")");
        }
        if (record[2] != VERSION || record[3] != ALG_AES_256_GCM) {
            throw new VaultException("不支持的凭据记录版本/算法 " + record[2] + "/" + record[3] + " (target " + targetName + ")");
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, record, 4, NONCE_BYTES));
            cipher.updateAAD(aad(targetName));
            plain = cipher.doFinal(record, HEADER, record.length - HEADER);
            return decode(plain);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new VaultException("凭据无法解密 (target " + targetName
                    + "): 密钥文件不对, 或记录被篡改/属于其他目标 (wrong key file, tampered record or other target)");
        } catch (GeneralSecurityException e) {
            throw new VaultException("凭据解密失败 (target " + targetName + "): " + e.getClass().getSimpleName());
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] aad(String targetName) {
        return ("dengbao-sentinel/ssh-target/" + targetName).getBytes(StandardCharsets.UTF_8);
    }

    // Plaintext layout: type(1) len(4) secret len(4) passphrase
    private static byte[] encode(Credential c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(9 + c.secret().length + c.passphrase().length);
        out.write(c.type() == Credential.Type.PASSWORD ? 1 : 2);
        writeBlock(out, c.secret());
        writeBlock(out, c.passphrase());
        return out.toByteArray();
    }

    private static void writeBlock(ByteArrayOutputStream out, byte[] block) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(block.length).array());
        out.writeBytes(block);
    }

    private static Credential decode(byte[] plain) throws VaultException {
        try {
            ByteBuffer in = ByteBuffer.wrap(plain);
            byte type = in.get();
            byte[] secret = readBlock(in);
            byte[] passphrase = readBlock(in);
            return switch (type) {
                case 1 -> Credential.password(secret);
                case 2 -> Credential.privateKey(secret, passphrase);
                default -> throw new VaultException("未知的凭据类型 " + type);
            };
        } catch (RuntimeException e) {
            throw new VaultException("凭据记录内容无效");
        }
    }

    private static byte[] readBlock(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("bad block length");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}
