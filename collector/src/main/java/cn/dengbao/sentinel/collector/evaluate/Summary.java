package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of verdicts and of open high-risk findings, shown at the end of every rendering. */
final class Summary {
    private Summary() {
    }

    static Map<String, Integer> of(Evaluation ev) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Status s : new Status[] {Status.PASS, Status.PARTIAL, Status.FAIL, Status.NOT_APPLICABLE, Status.MANUAL, Status.ERROR}) {
            counts.put(s.name(), 0);
        }
        int high = 0;
        for (Finding f : ev.getFindingsList()) {
            counts.merge(f.getStatus().name(), 1, Integer::sum);
            if (f.getRisk() == Risk.HIGH) {
                high++;
            }
        }
        counts.put("HIGH_RISK", high);
        return counts;
    }
}
