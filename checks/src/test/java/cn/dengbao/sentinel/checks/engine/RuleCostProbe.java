package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-scope window on one engine's active rules, so a benchmark can time each rule alone (exactly as
 * {@link RuleEngine#evaluate} runs it without a memo) and each of its CEL expressions alone.
 */
public final class RuleCostProbe {

    private final RuleEngine engine;

    public RuleCostProbe(RuleEngine engine) {
        this.engine = engine;
    }

    public int rules() {
        return engine.activeCount();
    }

    public String ruleId(int i) {
        return engine.activeRule(i).id();
    }

    /** The attributes as evaluate() hands them to the rules. */
    public Map<String, String> attributes(Map<String, String> hostAttributes) {
        return engine.attributesFor(hostAttributes);
    }

    /** Rule {@code i} evaluated alone; {@code attrs} from {@link #attributes}. */
    public Finding evaluate(int i, Facts facts, Map<String, String> attrs) {
        return engine.evaluateActive(i, facts, attrs);
    }

    /** when, pass, partial, manual_when, high_when, evidence[k] — those the rule has. */
    public List<String> expressions(int i) {
        List<String> out = new ArrayList<>();
        for (CelSupport.Expr e : exprs(i)) {
            out.add(e.field());
        }
        return out;
    }

    /**
     * Evaluates expression {@code j} of rule {@code i} as the engine would (an evidence expression is rendered
     * too); returns a short outcome: the boolean, the number of evidence entries, or "error".
     */
    public String evaluateExpression(int i, int j, Facts facts, Map<String, String> attrs) {
        CompiledRule r = engine.activeRule(i);
        List<CelSupport.Expr> all = exprs(i);
        CelSupport.Expr e = all.get(j);
        int ev = j - (all.size() - r.evidence.size());
        Map<String, Object> vars = Map.of("facts", facts, "params", engine.activeParams(i), "attrs", attrs);
        try {
            if (ev >= 0) {
                RuleDefinition.EvidenceSpec spec = r.def.evidence().get(ev);
                return "ev:" + EvidenceRenderer.render(spec.label(), e.eval(vars), spec.absent()).size();
            }
            return String.valueOf(e.evalBool(vars));
        } catch (Exception ex) {
            return "error";
        }
    }

    private static List<CelSupport.Expr> exprs(CompiledRule r) {
        List<CelSupport.Expr> out = new ArrayList<>();
        for (CelSupport.Expr e : new CelSupport.Expr[] {r.when, r.pass, r.partial, r.manualWhen, r.highWhen}) {
            if (e != null) {
                out.add(e);
            }
        }
        out.addAll(r.evidence);
        return out;
    }

    private List<CelSupport.Expr> exprs(int i) {
        return exprs(engine.activeRule(i));
    }
}
