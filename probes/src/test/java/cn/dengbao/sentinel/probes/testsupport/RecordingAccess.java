package cn.dengbao.sentinel.probes.testsupport;

import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.proto.AccessMode;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Passes every call to a real access and remembers which paths were read, listed or stat'ed and which commands ran. */
public final class RecordingAccess implements HostAccess {
    /** One use of one concrete path. */
    public record Use(ProbePath.Use use, String path) {
        @Override
        public String toString() {
            return use + " " + path;
        }
    }

    private final HostAccess delegate;
    private final Set<Use> uses = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<FixedCommand> commands = Collections.synchronizedSet(EnumSet.noneOf(FixedCommand.class));

    public RecordingAccess(HostAccess delegate) {
        this.delegate = delegate;
    }

    public List<Use> uses() {
        synchronized (uses) {
            return List.copyOf(uses);
        }
    }

    public Set<FixedCommand> commands() {
        synchronized (commands) {
            return Set.copyOf(commands);
        }
    }

    @Override
    public AccessMode mode() {
        return delegate.mode();
    }

    @Override
    public byte[] read(String path, int maxBytes) throws AccessException {
        uses.add(new Use(ProbePath.Use.READ, path));
        return delegate.read(path, maxBytes);
    }

    @Override
    public List<String> list(String dir) throws AccessException {
        uses.add(new Use(ProbePath.Use.LIST, dir));
        return delegate.list(dir);
    }

    @Override
    public FileStat stat(String path, boolean followLinks) throws AccessException {
        uses.add(new Use(ProbePath.Use.STAT, path));
        return delegate.stat(path, followLinks);
    }

    @Override
    public CommandResult run(FixedCommand command) throws AccessException {
        commands.add(command);
        return delegate.run(command);
    }
}
