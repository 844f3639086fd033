package cn.dengbao.sentinel.probes.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.TrustedBoot;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedBootProbeTest {
    @TempDir
    Path dir;

    @Test
    void liveTpmSecureBootImaAndAide() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.files().dir("/sys/class/tpm/tpm0");
        Path var = a.files().file("/sys/firmware/efi/efivars/" + TrustedBootProbe.SECURE_BOOT_VAR, "").real("/sys/firmware/efi/efivars/" + TrustedBootProbe.SECURE_BOOT_VAR);
        Files.write(var, new byte[] {6, 0, 0, 0, 1});
        a.files().file("/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro ima_appraise=enforce ima_policy=tcb evm=fix\n");
        a.files().file("/usr/sbin/aide", "bin");
        a.files().file("/var/lib/aide/aide.db.gz", "db");
        TrustedBoot t = a.collect(new TrustedBootProbe()).getTrustedBoot();
        assertTrue(t.getTpmPresent());
        assertTrue(t.getSecureBootKnown());
        assertTrue(t.getSecureBootEnabled());
        assertTrue(t.getImaEnabled());
        assertTrue(t.getEvmEnabled());
        assertTrue(t.getAideInstalled());
        assertTrue(t.getAideDatabasePresent());
        assertTrue(t.getEvidenceList().stream().anyMatch(s -> s.getKey().equals("ima_appraise") && s.getValue().equals("enforce")));
    }

    @Test
    void mokutilFallbackAndImaOff() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir), AccessMode.SSH);
        a.files().file("/proc/cmdline", "ro quiet ima_appraise=off\n");
        a.command(FixedCommand.MOKUTIL_SB_STATE, 0, "SecureBoot disabled\n");
        TrustedBoot t = a.collect(new TrustedBootProbe()).getTrustedBoot();
        assertTrue(t.getSecureBootKnown());
        assertFalse(t.getSecureBootEnabled());
        assertFalse(t.getImaEnabled());
        assertFalse(t.getTpmPresent());
    }

    @Test
    void offlineUsesGrubDefaultsAndNeverSysfs() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().dir("/sys/class/tpm/tpm0"); // an image's /sys says nothing about the machine it will run on
        a.files().file("/etc/default/grub", "GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX=\"crashkernel=auto ima_policy=appraise_tcb\"\n");
        TrustedBoot t = a.collect(new TrustedBootProbe()).getTrustedBoot();
        assertFalse(t.getTpmPresent());
        assertFalse(t.getSecureBootKnown());
        assertTrue(t.getImaEnabled());
        assertFalse(t.getAideInstalled());
    }
}
