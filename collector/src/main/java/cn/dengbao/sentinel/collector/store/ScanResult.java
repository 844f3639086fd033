package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.util.List;

/** One rule's verdict in one scan, as stored. */
public record ScanResult(long scanId, String ruleId, String clause, String title, Status status, Risk risk,
                         String message, List<Evidence> evidence, String remediation, String riskReason,
                         boolean majorHazard) {

    public ScanResult {
        evidence = List.copyOf(evidence);
    }

    /** The wire form, e.g. to re-export a historical scan. */
    public Finding toFinding() {
        return Finding.newBuilder().setRuleId(ruleId).setClause(nz(clause)).setTitle(nz(title)).setStatus(status)
                .setRisk(risk).addAllEvidence(evidence).setRemediation(nz(remediation))
                .setRiskReason(nz(riskReason)).setMajorHazard(majorHazard).setMessage(nz(message)).build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
