package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.FactsCollector;
import cn.dengbao.sentinel.proto.Facts;
import java.util.List;

/** What one host scan collects through an access: the agent's probes, or a fixed file set for benchmarks. */
@FunctionalInterface
public interface HostScanner {

    Facts collect(HostAccess access) throws Exception;

    /** The agent's probes, every section: the same facts an agent on the host would send. */
    static HostScanner probes() {
        FactsCollector collector = new FactsCollector();
        return access -> collector.collect(access, List.of());
    }
}
