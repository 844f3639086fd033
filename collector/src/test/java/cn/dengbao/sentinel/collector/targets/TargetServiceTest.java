package cn.dengbao.sentinel.collector.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.credentials.Credential;
import cn.dengbao.sentinel.collector.credentials.CredentialVault;
import cn.dengbao.sentinel.collector.ssh.HostKeyPin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetServiceTest {

    static final String FP = "SHA256:" + "A".repeat(43);
    static final String PW = "Very-Secret-Pw-42";

    @Test
    void sealsTheCredentialAndNeverShowsIt(@TempDir Path dir) throws Exception {
        TargetService svc = new TargetService(new InMemoryTargetRepository(), CredentialVault.openOrCreate(dir.resolve("k")));
        StoredTarget t = svc.add("web-01", "10.0.0.5", 22, "scanner", true, "prod", HostKeyPin.ofFingerprint(FP),
                Credential.password(PW.getBytes(StandardCharsets.UTF_8)), Instant.EPOCH);
        assertFalse(new String(t.credentialEnc(), StandardCharsets.ISO_8859_1).contains(PW));
        assertFalse(t.toString().contains(PW));
        assertEquals(StoredTarget.AuthType.PASSWORD, t.authType());
        assertEquals(FP, t.hostKeySha256());
        try (Credential c = svc.credential(svc.repository().byName("web-01").orElseThrow())) {
            assertEquals(PW, new String(c.secret(), StandardCharsets.UTF_8));
        }
        assertEquals(1, svc.tasksForGroup("prod").size());
        assertEquals(0, svc.tasksForGroup("test").size());
        assertEquals(1, svc.tasksForGroup("*").size());
    }

    @Test
    void rejectsBadInputAndDuplicates(@TempDir Path dir) throws Exception {
        TargetService svc = new TargetService(new InMemoryTargetRepository(), CredentialVault.openOrCreate(dir.resolve("k")));
        HostKeyPin pin = HostKeyPin.ofFingerprint(FP);
        svc.add("a", "h", 22, "u", false, "", pin, Credential.password("x".getBytes()), Instant.EPOCH);
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> svc.add("a", "h", 22, "u", false, "", pin, Credential.password("x".getBytes()), Instant.EPOCH));
        assertTrue(dup.getMessage().contains("已存在"));
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
