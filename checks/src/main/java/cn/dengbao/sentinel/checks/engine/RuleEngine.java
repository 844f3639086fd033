package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.checks.labels.Labels;
import cn.dengbao.sentinel.proto.ClauseResult;
import cn.dengbao.sentinel.proto.CollectionError;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Finding;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Status;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges one host's facts against every enabled rule and rolls the findings up per clause. All CEL is compiled
 * when the {@link RuleCatalog} is loaded and the per-rule params are resolved here once, so {@link #evaluate}
 * only evaluates; the engine is immutable and safe to share between threads.
 *
 * <p>{@link #withMemo} gives an engine that remembers each rule's finding by a digest of exactly what the rule
 * reads (see {@link FactDependencies}, {@link MemoKeys}): a host reporting again with mostly unchanged facts only
 * re-evaluates the rules whose inputs changed. Findings are the same with or without the memo.
 */
public final class RuleEngine {

    /**
     * Host attributes every rule may read (declared in {@link HostAttributes}); unset ones are "false" so
     * {@code attrs.x} never errors.
     */
    public static final List<String> KNOWN_ATTRIBUTES = List.copyOf(HostAttributes.known().keySet());

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final RuleCatalog catalog;
    private final Profile profile;
    private final ClauseCatalog clauses;
    /**
     * The MANUAL line of each catalog clause no automated rule covers: the same immutable instance in every
     * evaluation (the store recognises repeated results by instance before hashing them).
     */
    private final Map<String, Finding> manualPlaceholders;
    private final List<BoundRule> active;
    private final Map<String, String> defaultAttributes;
    /** Null without a memo. */
    private final FindingMemo memo;
    private final FindingInterner interner;
    private final MemoKeys.Plan plan;

    /**
     * A compiled rule with the profile applied: effective params and risk override, and the texts that depend
     * only on those (placeholders filled once here rather than on every evaluation).
     */
    private record BoundRule(CompiledRule rule, Map<String, Object> params, Risk riskOverride, String remediation,
                             String whenFalseText, String manualText, String passText, String partialText,
                             String failText, String manualRiskNote) {

        static BoundRule of(CompiledRule r, Map<String, Object> params, Risk riskOverride) {
            RuleDefinition d = r.def;
            return new BoundRule(r, params, riskOverride,
                    d.remediation() == null ? "" : fill(d.remediation(), params),
                    orDefault(fill(d.notApplicable(), params), "前提条件不满足，不适用"),
                    fill(d.manual(), params),
                    orDefault(fill(d.messages().pass(), params), "符合"),
                    orDefault(fill(d.messages().partial(), params), "未满足要求"),
                    orDefault(fill(d.messages().fail(), params), "未满足要求"),
                    RuleEngine.manualRiskNote(r));
        }
    }

    public RuleEngine(RuleCatalog catalog, Profile profile) {
        this(catalog, profile, ClauseCatalog.level3Host());
    }

    public RuleEngine(RuleCatalog catalog, Profile profile, ClauseCatalog clauses) {
        profile.validateAgainst(catalog);
        this.catalog = catalog;
        this.profile = profile;
        this.clauses = clauses;
        List<BoundRule> bound = new ArrayList<>();
        for (CompiledRule r : catalog.compiled()) {
            if (profile.disabled().contains(r.id())) {
                continue;
            }
            String override = profile.riskOverrides().get(r.id());
            bound.add(BoundRule.of(r, r.effectiveParams(profile.params()),
                    override == null ? null : Risk.valueOf(override)));
        }
        this.active = List.copyOf(bound);
        Map<String, String> attrs = new LinkedHashMap<>();
        KNOWN_ATTRIBUTES.forEach(a -> attrs.put(a, "false"));
        attrs.putAll(profile.attributes());
        this.defaultAttributes = Map.copyOf(attrs);
        this.manualPlaceholders = placeholders(clauses);
        this.memo = null;
        this.plan = null;
        this.interner = null;
    }

    private RuleEngine(RuleEngine base, int memoCapacity) {
        this.catalog = base.catalog;
        this.profile = base.profile;
        this.clauses = base.clauses;
        this.active = base.active;
        this.defaultAttributes = base.defaultAttributes;
        this.manualPlaceholders = base.manualPlaceholders;
        this.memo = new FindingMemo(memoCapacity);
        this.interner = new FindingInterner(Math.max(1_000, Math.min(memoCapacity, 20_000)));
        this.plan = MemoKeys.Plan.of(active.stream().map(b -> b.rule().inputs).toList());
    }

    /**
     * The same engine with a fresh memo of at most {@code capacity} findings (one per rule and distinct input;
     * a host needs about one per active rule, plus one per rule whose inputs changed since). The memo belongs to
     * the returned engine; params and profile are fixed per engine, so they are not part of its keys.
     */
    public RuleEngine withMemo(int capacity) {
        return new RuleEngine(this, capacity);
    }

    /** Hit/miss counts since the memo was created (rule look-ups, not evaluations); all zero without a memo. */
    public record MemoStats(long hits, long misses, int size, int capacity) {}

    public MemoStats memoStats() {
        return memo == null ? new MemoStats(0, 0, 0, 0)
                : new MemoStats(memo.hits(), memo.misses(), memo.size(), memo.capacity());
    }

    /** Every rule of the catalog (including ones the profile disables). */
    public List<RuleDefinition> rules() {
        return catalog.definitions();
    }

    public Profile profile() {
        return profile;
    }

    public ClauseCatalog clauseCatalog() {
        return clauses;
    }

    public Evaluation evaluate(Facts facts, Map<String, String> hostAttributes) {
        Map<String, String> frozenAttrs = attributes(hostAttributes);
        Evaluation.Builder ev = Evaluation.newBuilder()
                .setHost(facts.getHost().getHostname())
                .setReportId(facts.getReportId())
                .setEvaluatedAtEpochMs(System.currentTimeMillis())
                .setProfile(profile.name());
        Map<String, List<Status>> byClause = new LinkedHashMap<>();
        MemoKeys keys = memo == null ? null : new MemoKeys(plan, facts, frozenAttrs);
        // one per report: proto fields converted for CEL once, shared by every rule that reads them
        FastCel.Activation act = new FastCel.Activation(facts);
        for (int i = 0; i < active.size(); i++) {
            BoundRule b = active.get(i);
            Finding f;
            if (keys == null) {
                f = evaluateRule(b, facts, frozenAttrs, act);
            } else if (b.rule().perReport) {
                // its inputs change on every report: a memo entry would never be hit again and would push out
                // entries that are; evaluate it, and keep equal findings one instance
                f = interner.intern(evaluateRule(b, facts, frozenAttrs, act));
            } else {
                FindingMemo.Key key = keys.key(i);
                f = memo.get(key);
                if (f == null) {
                    f = evaluateRule(b, facts, frozenAttrs, act);
                    memo.put(key, f);
                }
            }
            ev.addFindings(f);
            byClause.computeIfAbsent(f.getClause(), k -> new ArrayList<>()).add(f.getStatus());
            for (String also : f.getAlsoClausesList()) {
                byClause.computeIfAbsent(also, k -> new ArrayList<>()).add(f.getStatus());
            }
        }
        for (ClauseItem item : clauses.items()) {
            List<Status> statuses = byClause.remove(item.clause());
            if (statuses == null) {
                ev.addFindings(manualPlaceholders.get(item.clause()));
                statuses = List.of();
            }
            ev.addClauses(ClauseResult.newBuilder().setClause(item.clause()).setTitle(item.summary())
                    .setStatus(ClauseRollup.rollUp(statuses)));
        }
        // Rules for clauses outside the host catalog (e.g. 8.1.5.4) still get a roll-up line.
        byClause.forEach((clause, statuses) -> ev.addClauses(ClauseResult.newBuilder().setClause(clause)
                .setTitle(clause).setStatus(ClauseRollup.rollUp(statuses))));
        return ev.build();
    }

    private static Map<String, Finding> placeholders(ClauseCatalog clauses) {
        Map<String, Finding> out = new LinkedHashMap<>();
        for (ClauseItem item : clauses.items()) {
            out.put(item.clause(), Finding.newBuilder()
                    .setRuleId("manual-" + item.clause())
                    .setClause(item.clause())
                    .setTitle(item.summary())
                    .setStatus(Status.MANUAL)
                    .setRisk(Risk.NONE)
                    .setMessage("无自动化规则，请人工核查：" + item.summary())
                    .build());
        }
        return Map.copyOf(out);
    }

    /** The host attributes as the rules see them: the defaults overlaid with the host's own. */
    private Map<String, String> attributes(Map<String, String> hostAttributes) {
        Map<String, String> attrs = new LinkedHashMap<>(defaultAttributes);
        if (hostAttributes != null) {
            attrs.putAll(hostAttributes);
        }
        return Map.copyOf(attrs);
    }

    // ---- package-private hooks for cost probes (test scope); evaluate() does not use them

    int activeCount() {
        return active.size();
    }

    CompiledRule activeRule(int i) {
        return active.get(i).rule();
    }

    Map<String, Object> activeParams(int i) {
        return active.get(i).params();
    }

    Map<String, String> attributesFor(Map<String, String> hostAttributes) {
        return attributes(hostAttributes);
    }

    /**
     * One rule alone, exactly as {@link #evaluate} judges it without a memo (rule tests run hundreds of cases, each
     * about one rule); empty when no active rule has that id (unknown, or disabled by the profile).
     */
    public java.util.Optional<Finding> evaluateOne(String ruleId, Facts facts, Map<String, String> hostAttributes) {
        for (BoundRule b : active) {
            if (b.rule().id().equals(ruleId)) {
                return java.util.Optional.of(evaluateRule(b, facts, attributes(hostAttributes), new FastCel.Activation(facts)));
            }
        }
        return java.util.Optional.empty();
    }

    /** Active rule {@code i} alone, exactly as {@link #evaluate} evaluates it without a memo. */
    Finding evaluateActive(int i, Facts facts, Map<String, String> attrs) {
        return evaluateRule(active.get(i), facts, attrs, new FastCel.Activation(facts));
    }

    private Finding evaluateRule(BoundRule b, Facts facts, Map<String, String> attrs, FastCel.Activation act) {
        CompiledRule r = b.rule();
        RuleDefinition d = r.def;
        Finding.Builder f = Finding.newBuilder()
                .setRuleId(d.id())
                .setClause(d.clause())
                .addAllAlsoClauses(d.clauses().subList(1, d.clauses().size()))
                .setTitle(d.title())
                .setRemediation(b.remediation())
                .setRisk(Risk.NONE);

        if (d.isNotApplicableMode()) {
            return f.setStatus(Status.NOT_APPLICABLE).setMessage(orDefault(d.notApplicable(), "不适用")).build();
        }
        OsFamily family = facts.getOs().getFamily();
        if (!r.appliesTo.isEmpty() && !r.appliesTo.contains(family)) {
            return f.setStatus(Status.NOT_APPLICABLE)
                    .setMessage("不适用于该操作系统类型（" + family + "）").build();
        }
        if (missingFacts(r, facts, f)) {
            return f.setStatus(Status.ERROR).build();
        }
        CelSupport.Vars vars = CelSupport.Vars.of(facts, b.params(), attrs, act);
        try {
            if (r.when != null && !r.when.evalBool(vars)) {
                return f.setStatus(Status.NOT_APPLICABLE).setMessage(b.whenFalseText()).build();
            }
            if (d.isManual()) {
                addEvidence(r, vars, f);
                return f.setStatus(Status.MANUAL).setMessage(b.manualText()).setRiskReason(b.manualRiskNote()).build();
            }
            Status status;
            if (r.pass.evalBool(vars)) {
                status = Status.PASS;
            } else if (r.manualWhen != null && r.manualWhen.evalBool(vars)) {
                // Automation found something it cannot judge (e.g. an MFA module outside the sshd stack).
                addEvidence(r, vars, f);
                return f.setStatus(Status.MANUAL).setMessage(b.manualText()).setRiskReason(b.manualRiskNote()).build();
            } else if (r.partial != null && r.partial.evalBool(vars)) {
                status = Status.PARTIAL;
            } else {
                status = Status.FAIL;
            }
            f.setStatus(status);
            f.setMessage(switch (status) {
                case PASS -> b.passText();
                case PARTIAL -> b.partialText();
                default -> b.failText();
            });
            if (status != Status.PASS) {
                assessRisk(b, vars, attrs, status, f);
            }
            addEvidence(r, vars, f);
            return f.build();
        } catch (CelEvaluationException | RuntimeException e) {
            // Never a crash and never a PASS: the host's facts made an expression fail.
            f.clearEvidence();
            return f.setStatus(Status.ERROR).setRisk(Risk.NONE).clearRiskReason().setMajorHazard(false)
                    .setMessage(EvidenceRenderer.bound("规则求值出错：" + RuleCatalog.firstLine(e.getMessage())))
                    .build();
        }
    }

    /** Required facts: an unreadable fact or an absent section is an ERROR naming the path and the reason. */
    private static boolean missingFacts(CompiledRule r, Facts facts, Finding.Builder f) {
        List<String> problems = new ArrayList<>();
        for (String key : r.def.requires()) {
            for (CollectionError e : facts.getCollectionErrorsList()) {
                String fact = e.getFact();
                if (fact.equals(key) || fact.startsWith(key + ".") || key.startsWith(fact + ".")) {
                    String what = e.getPath().isEmpty() ? fact : e.getPath();
                    String text = "无法读取 " + what + "：" + e.getKind().name()
                            + (e.getDetail().isEmpty() ? "" : "（" + e.getDetail() + "）");
                    if (!problems.contains(text)) {
                        problems.add(text);
                        Evidence.Builder ev = Evidence.newBuilder().setText(EvidenceRenderer.bound(text));
                        if (!e.getPath().isEmpty()) {
                            ev.setSource(Source.newBuilder().setPath(e.getPath()));
                        }
                        f.addEvidence(ev);
                    }
                }
            }
        }
        for (FieldDescriptor section : r.requiredSections) {
            if (!facts.hasField(section)) {
                String text = "缺少事实数据 " + section.getName() + "（采集结果不含该部分，无法判定）";
                if (!problems.contains(text)) {
                    problems.add(text);
                    f.addEvidence(Evidence.newBuilder().setText(text));
                }
            }
        }
        if (problems.isEmpty()) {
            return false;
        }
        f.setMessage(EvidenceRenderer.bound(String.join("；", problems)));
        return true;
    }

    private static void assessRisk(BoundRule b, CelSupport.Vars vars, Map<String, String> attrs, Status status,
                                   Finding.Builder f) throws CelEvaluationException {
        CompiledRule r = b.rule();
        RuleDefinition.RiskSpec spec = r.def.risk();
        Risk risk = status == Status.PARTIAL ? r.partialRisk : r.failRisk;
        String reason = "";
        if (r.highWhen != null && r.highWhen.evalBool(vars)) {
            risk = Risk.HIGH;
            reason = orDefault(spec.highReason(), "满足高风险判定条件");
            List<String> applied = new ArrayList<>();
            Risk lowered = null;
            for (int i = 0; i < spec.compensations().size(); i++) {
                RuleDefinition.Compensation c = spec.compensations().get(i);
                if ("true".equalsIgnoreCase(attrs.getOrDefault(c.attr(), "false"))) {
                    Risk to = r.compensationRisks.get(i);
                    if (lowered == null || to.getNumber() < lowered.getNumber()) {
                        lowered = to;
                    }
                    applied.add(orDefault(c.reason(), c.attr()) + "（" + c.attr() + "=true）");
                }
            }
            if (lowered != null) {
                risk = lowered;
                reason = reason + "；存在补偿措施：" + String.join("；", applied) + "，风险降为 " + zh(lowered);
            }
        }
        if (b.riskOverride() != null && b.riskOverride() != risk) {
            reason = (reason.isEmpty() ? "" : reason + "；") + "基线将风险调整为 " + zh(b.riskOverride());
            risk = b.riskOverride();
        }
        f.setRisk(risk).setRiskReason(reason).setMajorHazard(risk == Risk.HIGH && spec.isMajorHazard());
    }

    /**
     * MANUAL findings carry risk NONE (nothing has been found wrong yet); the note tells the assessor what the
     * risk would be if the manual check fails, so it is not lost.
     */
    private static String manualRiskNote(CompiledRule r) {
        String note = "需人工核查，核查不符合时风险为 " + zh(r.failRisk);
        if (r.def.risk().highReason() != null) {
            note += "；" + r.def.risk().highReason() + " 时为高风险";
        }
        return note;
    }

    private void addEvidence(CompiledRule r, CelSupport.Vars vars, Finding.Builder f) {
        for (int i = 0; i < r.evidence.size(); i++) {
            RuleDefinition.EvidenceSpec spec = r.def.evidence().get(i);
            Object value;
            try {
                value = r.evidence.get(i).eval(vars);
            } catch (CelEvaluationException | RuntimeException e) {
                // A missing key is the common case ("PASS_MAX_DAYS not set"): show the rule's absent text.
                if (spec.absent() != null) {
                    f.addEvidence(EvidenceRenderer.text(spec.label(), spec.absent()));
                } else {
                    f.addEvidence(EvidenceRenderer.text(spec.label(), "无法取得（" + RuleCatalog.firstLine(e.getMessage()) + "）"));
                }
                continue;
            }
            f.addAllEvidence(EvidenceRenderer.render(spec.label(), value, spec.absent()));
        }
    }

    static String fill(String template, Map<String, Object> params) {
        if (template == null || template.indexOf('{') < 0) {
            return template;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = params.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : render(v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String render(Object v) {
        if (v instanceof List<?> l) {
            return String.join("、", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    /** A risk level inside a sentence ("风险降为 中"): the label, and 无 where a table cell would show "-". */
    static String zh(Risk r) {
        return r == Risk.NONE ? "无" : Labels.risk(r);
    }

    private static String orDefault(String s, String dflt) {
        return s == null || s.isBlank() ? dflt : s;
    }
}
