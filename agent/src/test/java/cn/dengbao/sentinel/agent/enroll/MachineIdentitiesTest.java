package cn.dengbao.sentinel.agent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.proto.MachineIdentity;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineIdentitiesTest {
    @TempDir
    Path tmp;

    @Test
    void readsMachineIdDmiUuidHostKeyFingerprintsAndMacs() {
        // an ed25519 public key line as sshd writes it; the fingerprint is the form `ssh-keygen -lf` prints
        new TestRoot(tmp)
                .file("/etc/machine-id", "0f5e6d7c8b9a4f3e2d1c0b9a8f7e6d5c\n")
                .file("/sys/class/dmi/id/product_uuid", "4C4C4544-0042-3510-8052-B4C04F564433\n")
                .file("/etc/ssh/ssh_host_ed25519_key.pub",
                        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFm4CjjHJtH6ou2Yd1Xzvg7s8BzZLx/JzpAvbkLU4sLv root@h\n")
                .file("/etc/ssh/ssh_host_rsa_key.pub", "not a key\n")
                .file("/sys/class/net/lo/address", "00:00:00:00:00:00\n")
                .file("/sys/class/net/eth0/address", "52:54:00:AB:CD:EF\n")
                .file("/sys/class/net/eth1/address", "52:54:00:ab:cd:ef\n");
        MachineIdentity m = MachineIdentities.read(tmp);
        assertEquals("0f5e6d7c8b9a4f3e2d1c0b9a8f7e6d5c", m.getMachineId());
        assertEquals("4c4c4544-0042-3510-8052-b4c04f564433", m.getProductUuid());
        assertEquals(1, m.getSshHostKeySha256Count());
        assertEquals(true, m.getSshHostKeySha256(0).matches("SHA256:[A-Za-z0-9+/]{43}"));
        assertEquals(List.of("52:54:00:ab:cd:ef"), m.getMacList(), "loopback dropped, one MAC once");
    }

    @Test
    void whatCannotBeReadIsLeftEmpty() {
        assertEquals(MachineIdentity.getDefaultInstance(), MachineIdentities.read(tmp.resolve("nothing")));
    }
}
