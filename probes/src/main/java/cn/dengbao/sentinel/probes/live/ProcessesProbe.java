package cn.dengbao.sentinel.probes.live;

import static cn.dengbao.sentinel.probes.ProbePath.list;
import static cn.dengbao.sentinel.probes.ProbePath.read;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.system.Redactor;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.ProcessInfo;
import cn.dengbao.sentinel.proto.Processes;
import java.util.List;

/**
 * Running processes (live only, from /proc through the host access; see {@link ProcTable}): pid, name, user and a command line cut to 512 characters with
 * secret-looking arguments masked, since process lists end up in exports.
 */
public final class ProcessesProbe implements Probe {
    public static final String FACT = "processes";
    static final int MAX_COMMAND_LINE = 512;

    /** The process table, and the account names its uids belong to. */
    static final List<ProbePath> PATHS = List.of(list("/proc"), read("/proc/*/status"), read("/proc/*/cmdline"), read("/etc/passwd"));

    @Override
    public FactSection section() {
        return FactSection.SECTION_PROCESSES;
    }

    @Override
    public List<ProbePath> paths() {
        return PATHS;
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        Processes.Builder out = Processes.newBuilder();
        if (ctx.access().mode() != AccessMode.LOCAL) {
            ctx.error(FACT, "", ErrorKind.NOT_COLLECTED, "processes are collected by the agent on the running host only");
            facts.setProcesses(out);
            return;
        }
        try {
            long self = ProcessHandle.current().pid();
            for (ProcTable.Proc p : ProcTable.list(ctx.access())) {
                String cmd = commandLine(p.commandLine());
                out.addProcesses(ProcessInfo.newBuilder().setPid(p.pid()).setName(p.name())
                        .setUser(p.user()).setCommandLine(cmd)
                        .setSentinel(p.pid() == self || sentinel(p.user(), cmd))
                        .setKernelThread(p.kernelThread()));
            }
            out.setCollected(true);
        } catch (AccessException e) {
            ctx.error(FACT, e);
        }
        facts.setProcesses(out);
    }

    /** The agent's service user, and the product jars on a command line (agent, collector, evaluate --local). */
    public static final String AGENT_USER = "sentinel-agent";
    static final List<String> PRODUCT_JARS = List.of("sentinel-agent.jar", "sentinel-collector.jar");

    static boolean sentinel(String user, String commandLine) {
        return user.equals(AGENT_USER) || PRODUCT_JARS.stream().anyMatch(commandLine::contains);
    }

    /** Redact first, so a secret near the cut cannot survive half-truncated. */
    static String commandLine(String raw) {
        return Redactor.redact(nz(raw).replace('\0', ' ').strip(), MAX_COMMAND_LINE);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
