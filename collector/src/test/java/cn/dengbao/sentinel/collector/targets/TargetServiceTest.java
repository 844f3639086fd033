package cn.dengbao.sentinel.collector.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.collector.credentials.CredentialVault;
import cn.dengbao.sentinel.collector.ssh.HostKeyPin;
import cn.dengbao.sentinel.collector.store.TargetRecord;
import cn.dengbao.sentinel.collector.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetServiceTest {

    static final String FP = "SHA256:" + "A".repeat(43);
    static final String PW = "Very-Secret-Pw-42";

    @Test
    void sealsTheCredentialInTheDatabaseAndNeverShowsIt(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("keys/vault.key");
        try (Store store = Store.embedded(dir.resolve("data"))) {
            TargetService svc = new TargetService(store.targets(), CredentialVault.openOrCreate(keyFile));
            TargetRecord t = svc.add("web-01", "10.0.0.5", 22, "scanner", true, "prod", HostKeyPin.ofFingerprint(FP),
                    Credential.password(PW.getBytes(StandardCharsets.UTF_8)), Instant.EPOCH);
            assertFalse(t.toString().contains(PW));
            assertEquals(TargetRecord.AUTH_PASSWORD, t.authType());
            assertEquals(FP, t.target().pin().fingerprint());
            // the stored column holds ciphertext only
            byte[] col = store.db().tx("read column", c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT credential_enc FROM ssh_targets WHERE name = 'web-01'")) {
                    assertTrue(rs.next());
                    return rs.getBytes(1);
                }
            });
            assertTrue(col.length > PW.length());
            assertFalse(new String(col, StandardCharsets.ISO_8859_1).contains(PW));
            try (Credential c = svc.credential(store.targets().byName("web-01").orElseThrow())) {
                assertEquals(PW, new String(c.secret(), StandardCharsets.UTF_8));
            }
            assertEquals(1, svc.tasksForGroup("prod").size());
            assertEquals(0, svc.tasksForGroup("test").size());
            assertEquals(1, svc.tasksForGroup("*").size());
        }
        // neither the database files nor the key directory contain the password
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(PW), f.toString());
            }
        }
    }

    @Test
    void rejectsBadInputAndDuplicates(@TempDir Path dir) throws Exception {
        try (Store store = Store.embedded(dir.resolve("data"))) {
            TargetService svc = new TargetService(store.targets(), CredentialVault.openOrCreate(dir.resolve("k")));
            HostKeyPin pin = HostKeyPin.ofFingerprint(FP);
            svc.add("a", "h", 22, "u", false, "", pin, Credential.password("x".getBytes()), Instant.EPOCH);
            IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                    () -> svc.add("a", "h2", 22, "u", false, "", pin, Credential.password("x".getBytes()), Instant.EPOCH));
            assertTrue(dup.getMessage().contains("已存在"));
            assertEquals("h", store.targets().byName("a").orElseThrow().target().host(), "an existing target is never replaced");
            assertThrows(IllegalArgumentException.class,
                    () -> svc.add("bad name", "h", 22, "u", false, "", pin, Credential.password("x".getBytes()), Instant.EPOCH));
            assertThrows(IllegalArgumentException.class,
                    () -> svc.add("b", "h;rm -rf /", 22, "u", false, "", pin, Credential.password("x".getBytes()), Instant.EPOCH));
            assertThrows(IllegalArgumentException.class,
                    () -> svc.add("b", "h", 70000, "u", false, "", pin, Credential.password("x".getBytes()), Instant.EPOCH));
            assertThrows(IllegalArgumentException.class,
                    () -> svc.add("b", "h", 22, "-oProxyCommand=x", false, "", pin, Credential.password("x".getBytes()), Instant.EPOCH));
        }
    }
}
