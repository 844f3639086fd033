package cn.dengbao.sentinel.probes.access;

import cn.dengbao.sentinel.proto.AccessMode;
import java.nio.file.Path;

/** The live host's access, over files in a temporary directory of this machine. */
class LocalAccessContractTest extends HostAccessContract {

    @Override
    protected Host open(Path dir) throws Exception {
        return host(new LocalAccess(), dir.toRealPath().toString(), Path::of);
    }

    @Override
    protected AccessMode expectedMode() {
        return AccessMode.LOCAL;
    }

    @Override
    protected boolean live() {
        return true;
    }
}
