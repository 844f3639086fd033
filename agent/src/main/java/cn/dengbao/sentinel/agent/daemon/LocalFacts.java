package cn.dengbao.sentinel.agent.daemon;

import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.OsInfo;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/**
 * The daemon's fact source for this host. WIRING POINT: until the probes' facts collector is wired here
 * (lead, at merge), it reports only host identity and OS name, which is enough for the stream to work.
 */
public final class LocalFacts {
    private LocalFacts() {
    }

    public static FactSource create(String agentVersion) {
        return sections -> basic(agentVersion);
    }

    static Facts basic(String agentVersion) {
        long start = System.currentTimeMillis();
        HostInfo.Builder h = HostInfo.newBuilder()
                .setHostname(HostBasics.hostname())
                .setCollectedAtEpochMs(start)
                .setAccessMode(AccessMode.LOCAL)
                .setAgentVersion(agentVersion);
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp() && !ni.isLoopback()) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        String s = a.getHostAddress();
                        h.addIpAddresses(s.contains("%") ? s.substring(0, s.indexOf('%')) : s);
                    }
                }
            }
        } catch (Exception e) {
            // addresses are informational
        }
        try {
            h.setMachineId(Files.readString(Path.of("/etc/machine-id")).strip());
        } catch (Exception e) {
            // optional
        }
        h.setCollectionMillis(System.currentTimeMillis() - start);
        return Facts.newBuilder().setSchemaVersion("1").setHost(h)
                .setOs(OsInfo.newBuilder().setPrettyName(HostBasics.osPrettyName())
                        .setKernelRelease(System.getProperty("os.version", ""))
                        .setArch(System.getProperty("os.arch", "")))
                .build();
    }
}
