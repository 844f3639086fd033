package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.testkit.TestSshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyPinTest {

    @Test
    void fingerprintMatchesSshKeygen(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("k");
        TestSshd.keygen(key, "");
        String[] pub = Files.readString(Path.of(key + ".pub")).split("\\s+");
        String expected = TestSshd.run("ssh-keygen", "-lf", key + ".pub").split("\\s+")[1];
        byte[] blob = Base64.getDecoder().decode(pub[1]);
        assertEquals(expected, HostKeyPin.fingerprintOf(blob));
        assertTrue(HostKeyPin.ofFingerprint(expected).matches(blob));
        assertTrue(HostKeyPin.ofFingerprint(" " + expected + "= ").matches(blob));
        assertEquals("ssh-ed25519", SshHostAccess.keyType(blob));
    }

    @Test
    void rejectsMalformedAndMd5Fingerprints() {
        assertThrows(IllegalArgumentException.class, () -> HostKeyPin.ofFingerprint("MD5:12:34:56"));
        assertThrows(IllegalArgumentException.class, () -> HostKeyPin.ofFingerprint("SHA256:short"));
        assertThrows(IllegalArgumentException.class, () -> HostKeyPin.ofFingerprint(""));
        assertThrows(IllegalArgumentException.class, () -> HostKeyPin.ofFingerprint(null));
    }

    @Test
    void knownHostsPlainPortAndHashedEntries(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TestSshd.keygen(a, "");
        TestSshd.keygen(b, "");
        String[] pa = Files.readString(Path.of(a + ".pub")).split("\\s+");
        String[] pb = Files.readString(Path.of(b + ".pub")).split("\\s+");
        String text = "# comment\n"
                + "10.0.0.9 " + pb[0] + " " + pb[1] + "\n"
                + "@revoked 10.0.0.5 " + pb[0] + " " + pb[1] + "\n"
                + "[10.0.0.5]:2222 " + pa[0] + " " + pa[1] + "\n";
        HostKeyPin pin = HostKeyPin.fromKnownHosts(text, "10.0.0.5", 2222);
        assertTrue(pin.matches(Base64.getDecoder().decode(pa[1])));
        assertFalse(pin.matches(Base64.getDecoder().decode(pb[1])));
        assertThrows(IllegalArgumentException.class, () -> HostKeyPin.fromKnownHosts(text, "10.0.0.5", 22));

        // hashed entry as written by ssh-keygen -H
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "10.0.0.7 " + pa[0] + " " + pa[1] + "\n");
        TestSshd.run("ssh-keygen", "-H", "-f", kh.toString());
        String hashed = Files.readString(kh, StandardCharsets.UTF_8);
        assertTrue(hashed.startsWith("|1|"), hashed);
        HostKeyPin hp = HostKeyPin.fromKnownHosts(hashed, "10.0.0.7", 22);
        assertTrue(hp.matches(Base64.getDecoder().decode(pa[1])));
        // stored form round-trips
        HostKeyPin back = HostKeyPin.stored(hp.fingerprint(), hp.knownHostsText());
        assertTrue(back.matches(Base64.getDecoder().decode(pa[1])));
        assertFalse(back.matches(Base64.getDecoder().decode(pb[1])));
    }
}
