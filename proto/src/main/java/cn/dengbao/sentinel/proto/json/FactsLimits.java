package cn.dengbao.sentinel.proto.json;

import cn.dengbao.sentinel.proto.Facts;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Map;
import java.util.Optional;

/**
 * What one report may cost the collector, capped before anything is evaluated: no list in a fact section may hold
 * more than {@link #MAX_LIST_ENTRIES} entries. Evaluation is linear in the facts (16 000 accounts: about 1 s;
 * 100 000: about 7 s), so the cap bounds the work one report can cause; a report beyond it is refused with the
 * reason (the agent sets it aside), a facts file with exit 2. No real server has that many accounts, packages,
 * processes or sockets.
 */
public final class FactsLimits {
    public static final int MAX_LIST_ENTRIES = 100_000;

    private FactsLimits() {
    }

    /** Why the facts exceed what a report may carry, or empty. Looks two levels deep: sections and their lists. */
    public static Optional<String> problem(Facts facts) {
        for (Map.Entry<FieldDescriptor, Object> section : facts.getAllFields().entrySet()) {
            FieldDescriptor f = section.getKey();
            if (f.isRepeated()) {
                Optional<String> p = count(f.getName(), ((java.util.List<?>) section.getValue()).size());
                if (p.isPresent()) {
                    return p;
                }
            } else if (section.getValue() instanceof Message m) {
                for (FieldDescriptor inner : m.getDescriptorForType().getFields()) {
                    if (inner.isRepeated()) {
                        Optional<String> p = count(f.getName() + "." + inner.getName(), m.getRepeatedFieldCount(inner));
                        if (p.isPresent()) {
                            return p;
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> count(String path, int n) {
        return n > MAX_LIST_ENTRIES
                ? Optional.of("facts." + path + " has " + n + " entries, more than the " + MAX_LIST_ENTRIES
                        + " a report may carry (report too costly to evaluate)")
                : Optional.empty();
    }
}
