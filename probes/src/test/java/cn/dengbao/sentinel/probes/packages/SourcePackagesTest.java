package cn.dengbao.sentinel.probes.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.proto.Package;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What vulnerability matching needs from the package lists: each binary's source package, version and epoch. */
class SourcePackagesTest {
    @Test
    void dpkgStatusGivesTheSourceNameAndItsOwnVersionWhenDifferent() {
        String status = """
                Package: libssl3
                Status: install ok installed
                Architecture: amd64
                Source: openssl
                Version: 3.0.11-1~deb12u1

                Package: libc6
                Status: install ok installed
                Architecture: amd64
                Source: glibc (2.36-9+deb12u3)
                Version: 2.36-9+deb12u3+b1

                Package: bash
                Status: install ok installed
                Architecture: amd64
                Version: 5.2.15-2+b2
                """;
        List<Package> p = DpkgStatus.parse(status);
        assertEquals(List.of("openssl", "glibc", "bash"), p.stream().map(Package::getSourceName).toList());
        assertEquals(List.of("3.0.11-1~deb12u1", "2.36-9+deb12u3", "5.2.15-2+b2"),
                p.stream().map(Package::getSourceVersion).toList());
        assertEquals("2.36-9+deb12u3+b1", p.get(1).getVersion(), "the binary keeps its own version");
    }

    @Test
    void rpmQueryGivesSourceRpmAndEpoch() {
        String out = "openssl-libs\t3.0.7-17.el9_2\tx86_64\t1700000000\topenssl-3.0.7-17.el9_2.src.rpm\t1\n"
                + "gpg-pubkey\tfd431d51-4ae0493b\t(none)\t1700000000\t(none)\t(none)\n"
                + "bash\t5.1.8-6.el9_1\tx86_64\t1700000000\n";
        List<RpmOutput.Installed> p = RpmOutput.parseQa(out);
        assertEquals("openssl", p.get(0).pkg().getSourceName());
        assertEquals("3.0.7-17.el9_2", p.get(0).pkg().getSourceVersion());
        assertEquals("1", p.get(0).pkg().getEpoch());
        assertEquals("", p.get(1).pkg().getSourceName(), "no source rpm");
        assertEquals("", p.get(1).pkg().getEpoch());
        assertEquals("", p.get(2).pkg().getSourceName(), "an older query format still parses");
    }
}
