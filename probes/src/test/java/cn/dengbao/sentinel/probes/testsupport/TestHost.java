package cn.dengbao.sentinel.probes.testsupport;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.CommandRunner;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.access.RootDirAccess;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

/**
 * A {@link TestRoot} seen as a host by the probes: the real {@link RootDirAccess} (so links, limits and errors are
 * exactly the product's), in a chosen access mode, with the fixed commands answered from canned outputs set per
 * test — the one part a unit test cannot make real. No command ever runs on the test machine: without an answer a
 * command is absent (and, in ROOT mode, the live-only ones are refused as a real offline root refuses them).
 */
public final class TestHost extends RootDirAccess {
    /** 2026-11-24: day 20781 since the epoch. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

    private final TestRoot files;
    private final Map<FixedCommand, CommandResult> answers = new EnumMap<>(FixedCommand.class);

    /** The root as an offline image (ROOT mode). */
    public TestHost(TestRoot root) {
        this(root, AccessMode.ROOT);
    }

    /** The root as a live host over {@code mode} (LOCAL or SSH): probes then also ask their commands. */
    public TestHost(TestRoot root, AccessMode mode) {
        super(root.root(), mode, new CommandRunner());
        this.files = root;
    }

    /** The files of this host, to write more of them. */
    public TestRoot files() {
        return files;
    }

    /** What {@code command} prints (stdout) and its exit code on this host. */
    public TestHost command(FixedCommand command, int exit, String stdout) {
        answers.put(command, new CommandResult(command, exit, stdout, ""));
        return this;
    }

    @Override
    public CommandResult run(FixedCommand command) throws AccessException {
        CommandResult r = answers.get(command);
        if (r != null) {
            return r;
        }
        if (mode() == AccessMode.ROOT && command != FixedCommand.RPM_QA_ROOT && command != FixedCommand.RPM_QA_ROOT_SYSIMAGE) {
            return super.run(command);  // NOT_COLLECTED, as a real offline root answers
        }
        throw new AccessException(ErrorKind.COMMAND_ABSENT, command.name(), "command not installed: " + command.argv().get(0));
    }

    /** A probe context over this host with the fixed {@link #CLOCK}. */
    public ProbeContext context() {
        return new ProbeContext(this, CLOCK);
    }

    /** Runs the probes in order over this host; the facts carry the collection errors. */
    public Facts collect(Probe... probes) {
        ProbeContext ctx = context();
        Facts.Builder facts = Facts.newBuilder();
        for (Probe p : probes) {
            p.collect(ctx, facts);
        }
        return facts.addAllCollectionErrors(ctx.errors()).build();
    }
}
