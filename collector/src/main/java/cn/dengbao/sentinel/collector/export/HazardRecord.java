package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.collector.store.LifecycleRecord;
import cn.dengbao.sentinel.collector.time.Times;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the 重大风险隐患整改记录 (2025 template, Appendix H): a hazard, whether it is rectified, and what the
 * latest scan shows as verification. Rows come from open hazards in the latest evaluation and from lifecycle
 * entries that were hazards once (fixed ones included).
 */
public record HazardRecord(String host, String ruleId, String clause, String title, String firstSeen,
                           String rectification, String verification) {

    public static List<HazardRecord> of(HostReport h, Times times) {
        Map<String, Finding> current = new LinkedHashMap<>();
        for (Finding f : h.evaluation().getFindingsList()) {
            current.put(f.getRuleId(), f);
        }
        Map<String, Boolean> hazards = new LinkedHashMap<>();
        for (Finding f : h.evaluation().getFindingsList()) {
            if (f.getMajorHazard()) {
                hazards.put(f.getRuleId(), true);
            }
        }
        h.lifecycle().entrySet().stream().filter(e -> e.getValue().majorHazard()).map(Map.Entry::getKey).sorted()
                .forEach(r -> hazards.put(r, true));
        List<HazardRecord> out = new ArrayList<>();
        for (String rule : hazards.keySet()) {
            Finding f = current.get(rule);
            LifecycleRecord lc = h.lifecycle(rule);
            String rect;
            if (f == null) {
                rect = lc != null && !lc.open() ? "已整改（" + times.text(lc.fixedAt()) + "）" : "未复测";
            } else {
                rect = FindingRow.rectification(f, lc, times);
            }
            String verification = f == null ? "最近一次扫描未包含该规则"
                    : "最近一次扫描：" + Labels.status(f.getStatus()) + (f.getMessage().isEmpty() ? "" : "，" + f.getMessage())
                    + (f.getStatus() == Status.PASS ? "（复测符合，已不具备被利用条件）" : "");
            out.add(new HazardRecord(h.host(), rule, f == null ? "" : f.getClause(), f == null ? rule : f.getTitle(),
                    lc == null ? "" : times.text(lc.firstSeenAt()), rect, verification));
        }
        return out;
    }

    public static final List<String> HEADERS = List.of("测评对象", "条款", "重大风险隐患", "首次发现", "整改状态", "复测验证");

    public List<String> cells() {
        return List.of(host, clause, title, firstSeen, rectification, verification);
    }
}
