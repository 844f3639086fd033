package cn.dengbao.sentinel.probes.live;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.ListeningPort;
import cn.dengbao.sentinel.proto.ListeningPorts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oshi.SystemInfo;
import oshi.software.os.InternetProtocolStats;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Sockets accepting connections: TCP in LISTEN, UDP bound without a peer. Live through OSHI; over SSH from
 * "ss -tulnp"; an offline root has no sockets, which is recorded as NOT_COLLECTED rather than "none".
 */
public final class ListeningPortsProbe implements Probe {
    public static final String FACT = "listening_ports";
    static final String OSHI_SOURCE = "oshi:InternetProtocolStats.getConnections";
    private static final Pattern SS_USER = Pattern.compile("\\(\"([^\"]*)\",pid=(\\d+)");

    @Override
    public FactSection section() {
        return FactSection.SECTION_LISTENING_PORTS;
    }

    @Override
    public List<ProbePath> paths() {
        return List.of();
    }

    @Override
    public Set<FixedCommand> commands() {
        return Set.of(FixedCommand.SS_LISTEN);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        ListeningPorts.Builder out = ListeningPorts.newBuilder();
        switch (ctx.access().mode()) {
            case LOCAL -> oshi(ctx, out);
            case SSH -> ss(ctx, out);
            default -> ctx.error(FACT, "", ErrorKind.NOT_COLLECTED, "listening sockets exist only on a running host");
        }
        facts.setListeningPorts(out);
    }

    private static void oshi(ProbeContext ctx, ListeningPorts.Builder out) {
        try {
            OperatingSystem os = new SystemInfo().getOperatingSystem();
            Map<String, ListeningPort> unique = new LinkedHashMap<>();
            Map<Integer, String> names = new HashMap<>();
            for (InternetProtocolStats.IPConnection c : os.getInternetProtocolStats().getConnections()) {
                String type = c.getType();
                boolean tcp = type.startsWith("tcp");
                if (tcp ? c.getState() != InternetProtocolStats.TcpState.LISTEN : c.getForeignPort() != 0) {
                    continue;
                }
                InetAddress addr = address(c.getLocalAddress());
                int pid = c.getowningProcessId();
                String process = pid > 0 ? names.computeIfAbsent(pid, p -> processName(os, p)) : "";
                ListeningPort port = ListeningPort.newBuilder().setProtocol(protocol(type))
                        .setAddress(addr == null ? "" : addr.getHostAddress()).setPort(c.getLocalPort())
                        .setPid(Math.max(pid, 0)).setProcess(process)
                        .setLoopbackOnly(addr != null && addr.isLoopbackAddress()).build();
                unique.putIfAbsent(port.getProtocol() + "|" + port.getAddress() + "|" + port.getPort() + "|" + port.getPid(), port);
            }
            unique.values().stream().sorted(Comparator.comparing(ListeningPort::getProtocol).thenComparingInt(ListeningPort::getPort))
                    .forEach(out::addPorts);
            out.setCollected(true).setSource(ProbeContext.commandSource(OSHI_SOURCE, out.getPortsCount() + " listening sockets"));
        } catch (RuntimeException | LinkageError e) {
            ctx.error(FACT, "", ErrorKind.IO_ERROR, "OSHI could not list sockets: " + e.getClass().getSimpleName());
        }
    }

    /** "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=812,fd=3))" per line. */
    private static void ss(ProbeContext ctx, ListeningPorts.Builder out) {
        try {
            CommandResult r = ctx.access().run(FixedCommand.SS_LISTEN);
            if (!r.ok()) {
                ctx.error(FACT, "", ErrorKind.COMMAND_FAILED, "ss exit " + r.exitCode());
                return;
            }
            parseSs(r.stdout(), out);
            out.setCollected(true).setSource(ProbeContext.commandSource(String.join(" ", FixedCommand.SS_LISTEN.argv()),
                    out.getPortsCount() + " listening sockets"));
        } catch (AccessException e) {
            ctx.error(FACT, e);
        }
    }

    static void parseSs(String stdout, ListeningPorts.Builder out) {
        for (String line : stdout.split("\r?\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            String local = f[4];
            int colon = local.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String host = local.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(local.substring(colon + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            int pct = host.indexOf('%');
            if (pct > 0) {
                host = host.substring(0, pct); // "0.0.0.0%lo" names an interface
            }
            host = host.replace("[", "").replace("]", "");
            boolean v6 = host.contains(":");
            String protocol = (f[0].startsWith("tcp") ? "tcp" : "udp") + (v6 ? "6" : "");
            ListeningPort.Builder p = ListeningPort.newBuilder().setProtocol(protocol)
                    .setAddress(host.equals("*") ? (v6 ? "::" : "0.0.0.0") : host).setPort(port)
                    .setLoopbackOnly(host.startsWith("127.") || host.equals("::1"));
            Matcher m = SS_USER.matcher(line);
            if (m.find()) {
                p.setProcess(m.group(1)).setPid(Integer.parseInt(m.group(2)));
            }
            out.addPorts(p);
        }
    }

    static String protocol(String oshiType) {
        return switch (oshiType) {
            case "tcp4" -> "tcp";
            case "udp4" -> "udp";
            default -> oshiType;
        };
    }

    private static InetAddress address(byte[] raw) {
        try {
            return raw == null || raw.length == 0 ? null : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String processName(OperatingSystem os, int pid) {
        OSProcess p = os.getProcess(pid);
        return p == null || p.getName() == null ? "" : p.getName();
    }

}
