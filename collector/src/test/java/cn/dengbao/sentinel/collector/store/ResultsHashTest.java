package cn.dengbao.sentinel.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultsHashTest {
    private static Finding finding(String message) {
        return Finding.newBuilder().setRuleId("pwd-max-age").setClause("8.1.4.1a").setTitle("口令定期更换")
                .setStatus(Status.FAIL).setRisk(Risk.MEDIUM).setMessage(message).setRemediation("设置 PASS_MAX_DAYS 90")
                .addEvidence(Evidence.newBuilder().setText("PASS_MAX_DAYS 99999")
                        .setSource(Source.newBuilder().setPath("/etc/login.defs").setLine(7).setExcerpt("PASS_MAX_DAYS 99999")))
                .build();
    }

    @Test
    void equalResultsHashEqualWhicheverInstancesCarryThem() {
        Finding a = finding("未设置口令有效期");
        Finding b = finding("未设置口令有效期");
        assertEquals(ResultsHash.of(List.of(a)), ResultsHash.of(List.of(b)));
        assertEquals(ResultsHash.of(List.of(a)), ResultsHash.of(List.of(a)), "remembered digest gives the same hash");
    }

    @Test
    void everyStoredColumnCounts() {
        Finding base = finding("m");
        List<Finding> variants = List.of(base,
                base.toBuilder().setRuleId("x").build(), base.toBuilder().setClause("8.1.4.1b").build(),
                base.toBuilder().setTitle("t").build(), base.toBuilder().setStatus(Status.PARTIAL).build(),
                base.toBuilder().setRisk(Risk.HIGH).build(), base.toBuilder().setMessage("m2").build(),
                base.toBuilder().setRemediation("r").build(), base.toBuilder().setRiskReason("why").build(),
                base.toBuilder().setMajorHazard(true).build(), base.toBuilder().clearEvidence().build(),
                base.toBuilder().setEvidence(0, base.getEvidence(0).toBuilder().setText("PASS_MAX_DAYS 90")).build(),
                base.toBuilder().setEvidence(0, base.getEvidence(0).toBuilder()
                        .setSource(base.getEvidence(0).getSource().toBuilder().setLine(8))).build(),
                base.toBuilder().setEvidence(0, base.getEvidence(0).toBuilder().clearSource()).build());
        Set<String> hashes = new HashSet<>();
        for (Finding f : variants) {
            hashes.add(ResultsHash.of(List.of(f)));
        }
        assertEquals(variants.size(), hashes.size());
    }

    @Test
    void orderAndFieldBoundariesCount() {
        Finding ab = finding("ab").toBuilder().setRiskReason("c").build();
        Finding a = finding("a").toBuilder().setRiskReason("bc").build();
        assertNotEquals(ResultsHash.of(List.of(ab)), ResultsHash.of(List.of(a)));
        Finding x = finding("x");
        Finding y = finding("y");
        assertNotEquals(ResultsHash.of(List.of(x, y)), ResultsHash.of(List.of(y, x)));
        assertNotEquals(ResultsHash.of(List.of(x)), ResultsHash.of(List.of(x, x)));
    }
}
