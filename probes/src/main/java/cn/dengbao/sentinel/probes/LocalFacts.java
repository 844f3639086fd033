package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.OsInfo;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import cn.dengbao.sentinel.probes.access.LocalAccess;
import cn.dengbao.sentinel.probes.packages.PendingUpdatesCache;
import java.time.Clock;

/**
 * The daemon's fact source for this host: every probe (or the sections the collector asked for) over the live
 * host, plus the network identity the collector shows in {@code agents list}.
 */
public final class LocalFacts {
    private LocalFacts() {
    }

    public static FactSource create(String agentVersion) {
        return create(agentVersion, PendingUpdatesCache.defaultDir());
    }

    /**
     * With the pending-updates cache under {@code cacheDir}: a daily report then pays for apt/yum's dependency
     * solving only when the package lists changed. An unusable directory only means no caching.
     */
    public static FactSource create(String agentVersion, Path cacheDir) {
        PendingUpdatesCache cache = PendingUpdatesCache.open(cacheDir, Clock.systemUTC()).orElse(null);
        FactsCollector collector = new FactsCollector(ProbeRegistry.all(cache), Clock.systemUTC());
        return sections -> {
            Facts facts;
            try (LocalAccess access = new LocalAccess()) {
                facts = collector.collect(access, sections == null ? Set.of() : sections);
            }
            Facts identity = basic(agentVersion);
            HostInfo.Builder host = facts.getHost().toBuilder().setAgentVersion(agentVersion);
            if (host.getIpAddressesCount() == 0) {
                host.addAllIpAddresses(identity.getHost().getIpAddressesList());
            }
            if (host.getMachineId().isEmpty()) {
                host.setMachineId(identity.getHost().getMachineId());
            }
            if (host.getHostname().isEmpty()) {
                host.setHostname(identity.getHost().getHostname());
            }
            return facts.toBuilder().setHost(host).build();
        };
    }

    /**
     * One collection of this host in this process ({@code evaluate --local}): exactly what
     * {@code sentinel-agent collect} writes for the {@code wanted} sections (empty: all), without a second JVM or
     * the JSON round trip. {@code cacheDir} null: the default pending-updates cache; warnings go to {@code warn}.
     */
    public static Facts collect(java.util.Collection<cn.dengbao.sentinel.proto.FactSection> wanted, Path cacheDir,
                                java.util.function.Consumer<String> warn) {
        PendingUpdatesCache cache = PendingUpdatesCache.forSections(wanted, cacheDir, warn);
        try (LocalAccess access = new LocalAccess()) {
            return new FactsCollector(ProbeRegistry.all(cache), Clock.systemUTC()).collect(access, wanted);
        }
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
