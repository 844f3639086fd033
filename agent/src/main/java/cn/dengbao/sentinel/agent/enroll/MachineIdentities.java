package cn.dengbao.sentinel.agent.enroll;

import cn.dengbao.sentinel.pki.Fingerprint;
import cn.dengbao.sentinel.proto.MachineIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads the machine's stable identifiers for enrolment (machine-id, DMI product UUID, SSH host key fingerprints,
 * MACs) under a root directory ("/" on a live host). What cannot be read is left empty: identity is a set of
 * clues for the operator, and a missing clue must not stop an enrolment.
 */
public final class MachineIdentities {
    private static final int MAX = 4096;

    private MachineIdentities() {
    }

    public static MachineIdentity read(Path root) {
        MachineIdentity.Builder b = MachineIdentity.newBuilder()
                .setMachineId(firstLine(root.resolve("etc/machine-id")))
                .setProductUuid(firstLine(root.resolve("sys/class/dmi/id/product_uuid")).toLowerCase(Locale.ROOT));
        b.addAllSshHostKeySha256(sshHostKeys(root.resolve("etc/ssh")));
        b.addAllMac(macs(root.resolve("sys/class/net")));
        return b.build();
    }

    private static List<String> sshHostKeys(Path dir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "ssh_host_*_key.pub")) {
            for (Path p : ds) {
                String[] f = firstLine(p).split("\\s+");
                if (f.length < 2) {
                    continue;
                }
                try {
                    byte[] blob = Base64.getDecoder().decode(f[1]);
                    out.add(Fingerprint.PREFIX
                            + Base64.getEncoder().withoutPadding().encodeToString(Fingerprint.sha256(blob)));
                } catch (IllegalArgumentException e) {
                    // not a key: no clue from this file
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    private static List<String> macs(Path netDir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(netDir)) {
            for (Path iface : ds) {
                String mac = firstLine(iface.resolve("address")).toLowerCase(Locale.ROOT);
                // loopback and virtual devices without a hardware address say nothing about the machine
                if (!mac.isEmpty() && !mac.equals("00:00:00:00:00:00") && !iface.getFileName().toString().equals("lo")) {
                    out.add(mac);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out.stream().distinct().toList();
    }

    private static String firstLine(Path p) {
        try {
            if (!Files.isRegularFile(p) || Files.size(p) > MAX) {
                return "";
            }
            String s = Files.readString(p, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            return (nl < 0 ? s : s.substring(0, nl)).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
