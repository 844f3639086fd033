package cn.dengbao.sentinel.collector.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialVaultTest {

    static final String PASSWORD = "S3cret-Pa55word!";
    static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n";

    @Test
    void createsA0600KeyFileOf32RandomBytes(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("sub/vault.key");
        CredentialVault.openOrCreate(keyFile);
        assertEquals(32, Files.size(keyFile));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())));
        byte[] first = Files.readAllBytes(keyFile);
        CredentialVault.openOrCreate(keyFile); // reuses, never overwrites
        assertArrayEquals(first, Files.readAllBytes(keyFile));
        Path other = dir.resolve("other.key");
        CredentialVault.openOrCreate(other);
        assertFalse(Arrays.equals(first, Files.readAllBytes(other)));
    }

    @Test
    void roundTripsPasswordAndKeyBoundToTheTargetName(@TempDir Path dir) throws Exception {
        CredentialVault vault = CredentialVault.openOrCreate(dir.resolve("vault.key"));
        byte[] sealed = vault.seal("web-01", Credential.password(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        try (Credential c = vault.unseal("web-01", sealed)) {
            assertEquals(Credential.Type.PASSWORD, c.type());
            assertEquals(PASSWORD, new String(c.secret(), StandardCharsets.UTF_8));
        }
        byte[] sealedKey = vault.seal("db-01", Credential.privateKey(KEY.getBytes(StandardCharsets.UTF_8), "pp".getBytes(StandardCharsets.UTF_8)));
        try (Credential c = vault.unseal("db-01", sealedKey)) {
            assertEquals(Credential.Type.PRIVATE_KEY, c.type());
            assertEquals(KEY, new String(c.secret(), StandardCharsets.UTF_8));
            assertEquals("pp", new String(c.passphrase(), StandardCharsets.UTF_8));
        }
        // AAD = target name: a record moved to another target does not open
        VaultException moved = assertThrows(VaultException.class, () -> vault.unseal("db-01", sealed));
        assertFalse(moved.getMessage().contains(PASSWORD));
    }

    @Test
    void freshNonceEveryRecordAndNoPlaintextInRecordsOrKeyDir(@TempDir Path dir) throws Exception {
        CredentialVault vault = CredentialVault.openOrCreate(dir.resolve("vault.key"));
        byte[] a = vault.seal("t", Credential.password(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        byte[] b = vault.seal("t", Credential.password(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 4, 16), Arrays.copyOfRange(b, 4, 16)), "nonces differ");
        byte[] k = vault.seal("t", Credential.privateKey(KEY.getBytes(StandardCharsets.UTF_8), null));
        for (byte[] rec : List.of(a, b, k)) {
            String asText = new String(rec, StandardCharsets.ISO_8859_1);
            assertFalse(asText.contains(PASSWORD));
            assertFalse(asText.contains("PRIVATE KEY"));
            assertFalse(asText.contains("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(PASSWORD), f.toString());
                assertFalse(content.contains("PRIVATE KEY"), f.toString());
            }
        }
    }

    @Test
    void tamperedRecordOrWrongKeyFileFails(@TempDir Path dir) throws Exception {
        CredentialVault vault = CredentialVault.openOrCreate(dir.resolve("vault.key"));
        byte[] sealed = vault.seal("t", Credential.password(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 20] ^= 1;
        assertThrows(VaultException.class, () -> vault.unseal("t", tampered));
        CredentialVault other = CredentialVault.openOrCreate(dir.resolve("other.key"));
        assertThrows(VaultException.class, () -> other.unseal("t", sealed));
        assertThrows(VaultException.class, () -> vault.unseal("t", new byte[] {1, 2, 3}));
    }

    @Test
    void refusesAKeyFileOthersCanReadOrOfWrongSize(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("vault.key");
        CredentialVault.openOrCreate(keyFile);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        VaultException open = assertThrows(VaultException.class, () -> CredentialVault.open(keyFile));
        assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());
        Path shortKey = dir.resolve("short.key");
        Files.write(shortKey, new byte[16]);
        Files.setPosixFilePermissions(shortKey, PosixFilePermissions.fromString("rw-------"));
        assertThrows(VaultException.class, () -> CredentialVault.open(shortKey));
        assertThrows(VaultException.class, () -> CredentialVault.open(dir.resolve("missing.key")));
    }

    @Test
    void toStringRedacts() {
        Credential c = Credential.password(PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertFalse(c.toString().contains(PASSWORD));
        c.close();
        assertArrayEquals(new byte[PASSWORD.length()], c.secret());
    }
}
