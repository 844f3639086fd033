package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Facts;
import java.util.Map;

/** Test-scope window on the memo's key computation, so a benchmark can time the hashing alone. */
public final class MemoCostProbe {

    private final MemoKeys.Plan plan;
    private final int rules;

    public MemoCostProbe(RuleCatalog catalog) {
        this.plan = MemoKeys.Plan.of(catalog.compiled().stream().map(r -> r.inputs).toList());
        this.rules = catalog.compiled().size();
    }

    /** Digests everything every rule reads, as one evaluation with the memo does; returns a checksum. */
    public long keysFor(Facts facts, Map<String, String> attrs) {
        MemoKeys keys = new MemoKeys(plan, facts, attrs);
        long sum = 0;
        for (int i = 0; i < rules; i++) {
            sum += keys.key(i).hashCode();
        }
        return sum;
    }

    public int distinctInputs() {
        return plan.inputs().size();
    }
}
