package cn.dengbao.sentinel.probes.access;

import cn.dengbao.sentinel.proto.AccessMode;
import java.nio.file.Path;

/**
 * The live host. Files are resolved exactly like an offline root whose root is "/" (links cannot leave "/" anyway),
 * and the fixed commands really run, bounded by {@link CommandRunner}.
 */
public final class LocalAccess extends RootDirAccess {

    public LocalAccess() {
        this(new CommandRunner());
    }

    public LocalAccess(CommandRunner runner) {
        super(Path.of("/"), AccessMode.LOCAL, runner);
    }

    @Override
    public CommandResult run(FixedCommand command) throws AccessException {
        return runner().run(command, "/");
    }
}
