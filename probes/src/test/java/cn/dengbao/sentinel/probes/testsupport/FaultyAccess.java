package cn.dengbao.sentinel.probes.testsupport;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.CommandResult;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.ErrorKind;
import java.util.List;
import java.util.Map;

/**
 * Delegates to a real access but fails chosen paths with a chosen kind. Tests run as root, which reads chmod-000
 * files, so "permission denied" has to be made this way.
 */
public final class FaultyAccess implements HostAccess {
    private final HostAccess delegate;
    private final Map<String, ErrorKind> faults;

    public FaultyAccess(HostAccess delegate, Map<String, ErrorKind> faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    private void check(String path) throws AccessException {
        ErrorKind k = faults.get(path);
        if (k != null) {
            throw new AccessException(k, path, k.name().toLowerCase().replace('_', ' ') + ": " + path);
        }
    }

    @Override
    public AccessMode mode() {
        return delegate.mode();
    }

    @Override
    public byte[] read(String path, int maxBytes) throws AccessException {
        check(path);
        return delegate.read(path, maxBytes);
    }

    @Override
    public List<String> list(String dir) throws AccessException {
        check(dir);
        return delegate.list(dir);
    }

    @Override
    public FileStat stat(String path, boolean followLinks) throws AccessException {
        return delegate.stat(path, followLinks);
    }

    @Override
    public CommandResult run(FixedCommand command) throws AccessException {
        return delegate.run(command);
    }
}
