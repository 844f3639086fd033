package cn.dengbao.sentinel.collector.schedule;

/** Asks the connected agents of a group for a fresh report (wired by the gRPC server). */
@FunctionalInterface
public interface AgentScanRequester {
    /** @return how many agents were asked */
    int requestScan(String group) throws Exception;
}
