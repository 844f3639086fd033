package cn.dengbao.sentinel.collector.signing;

import cn.dengbao.sentinel.pki.Sm3;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The collector's SM2 export-signing key: created on first use under {@code <dataDir>/keys/} (private key
 * PKCS#8 PEM, mode 0600, in a 0700 directory) with the public key exported as PEM beside it for assessors.
 * The BouncyCastle provider is used as an instance, never installed globally.
 */
public final class CollectorKeys {
    static final Provider BC = new BouncyCastleProvider();
    public static final String PRIVATE_FILE = "export-sm2.key.pem";
    public static final String PUBLIC_FILE = "export-sm2.pub.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Path publicKeyFile;

    private CollectorKeys(PrivateKey privateKey, PublicKey publicKey, Path publicKeyFile) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.publicKeyFile = publicKeyFile;
    }

    public static CollectorKeys loadOrCreate(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("keys");
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        try {
            if (!Files.exists(priv)) {
                create(dir, priv, pub);
            }
            PrivateKey pk = KeyFactory.getInstance("EC", BC)
                    .generatePrivate(new PKCS8EncodedKeySpec(Pem.decode(Files.readString(priv), "PRIVATE KEY")));
            PublicKey pubKey = readPublicKey(pub);
            return new CollectorKeys(pk, pubKey, pub);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // never include key material in the message
            throw new IOException("无法读取导出签名密钥（" + dir + "）：" + e.getClass().getSimpleName(), e);
        }
    }

    public static PublicKey readPublicKey(Path pemFile) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("EC", BC)
                .generatePublic(new X509EncodedKeySpec(Pem.decode(Files.readString(pemFile), "PUBLIC KEY")));
    }

    private static void create(Path dir, Path priv, Path pub) throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        KeyPair kp = g.generateKeyPair();
        try {
            // created 0600 from the start: no window in which the key is world-readable
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return;   // another process created it first; use theirs
        }
        Files.writeString(priv, Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(pub, Pem.encode("PUBLIC KEY", kp.getPublic().getEncoded()), StandardCharsets.US_ASCII);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** SM3 of the public key's SubjectPublicKeyInfo: names the key in manifests. */
    public static String fingerprint(PublicKey key) {
        return Sm3.hexDigest(key.getEncoded());
    }

    /** PEM armour (RFC 7468) without a dependency on bcpkix. */
    static final class Pem {
        private Pem() {
        }

        static String encode(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }

        static byte[] decode(String pem, String type) {
            String begin = "-----BEGIN " + type + "-----";
            String end = "-----END " + type + "-----";
            int b = pem.indexOf(begin);
            int e = pem.indexOf(end);
            if (b < 0 || e < b) {
                throw new IllegalArgumentException("not a PEM " + type);
            }
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        }
    }
}
