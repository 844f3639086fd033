package cn.dengbao.sentinel.probes.access;

import cn.dengbao.sentinel.proto.AccessMode;
import java.nio.file.Files;
import java.nio.file.Path;

/** An offline root directory's access: host path "/data/x" is {@code <root>/data/x}. */
class RootDirAccessContractTest extends HostAccessContract {

    @Override
    protected Host open(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        return host(new RootDirAccess(dir), "/data", hostPath -> dir.resolve(hostPath.substring(1)));
    }

    @Override
    protected AccessMode expectedMode() {
        return AccessMode.ROOT;
    }

    @Override
    protected boolean live() {
        return false;
    }
}
