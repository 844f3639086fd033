package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.agent.access.HostAccess;
import cn.dengbao.sentinel.proto.Facts;

/** What one host scan collects through an access (the agent's probes, or a fixed file set for benchmarks). */
@FunctionalInterface
public interface HostScanner {
    Facts collect(HostAccess access, String reportId) throws Exception;
}
