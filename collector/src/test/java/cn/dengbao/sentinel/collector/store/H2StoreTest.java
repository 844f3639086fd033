package cn.dengbao.sentinel.collector.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded H2 file database. */
class H2StoreTest extends StoreContractTest {
    @TempDir
    Path dataDir;

    @Override
    protected Store openFresh() {
        return Store.embedded(dataDir);
    }

    @Override
    protected Store reopen() {
        return Store.embedded(dataDir);
    }
}
