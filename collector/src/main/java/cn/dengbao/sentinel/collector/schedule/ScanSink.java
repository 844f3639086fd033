package cn.dengbao.sentinel.collector.schedule;

import cn.dengbao.sentinel.proto.Facts;

/**
 * Facts of one host arrived from an SSH scan. The collector wires this to the checks engine and the store
 * (evaluate, record the scan, update findings).
 */
@FunctionalInterface
public interface ScanSink {

    /** @param hostName the target name, used as the host's name in the store; {@code group} its group */
    void factsArrived(String hostName, String group, Facts facts) throws Exception;

    ScanSink NONE = (hostName, group, facts) -> { };
}
