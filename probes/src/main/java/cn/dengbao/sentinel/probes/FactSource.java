package cn.dengbao.sentinel.probes;

import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import java.util.Set;

/**
 * Where the daemon gets this host's facts. The real implementation is the probes' facts collector; tests and the
 * benchmark use small fixed ones. An empty set means all sections.
 */
@FunctionalInterface
public interface FactSource {
    Facts collect(Set<FactSection> sections) throws Exception;
}
