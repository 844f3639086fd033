package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.Risk;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A validated rule with every CEL expression compiled once; shared by all evaluations and profiles. */
final class CompiledRule {

    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final Pattern CLAUSE = Pattern.compile("^8\\.\\d+\\.\\d+\\.\\d+[a-z]?$");
    private static final Set<String> MODES = Set.of("automated", "manual", "not_applicable");

    final RuleDefinition def;
    final String origin;
    final Set<OsFamily> appliesTo;
    final List<FieldDescriptor> requiredSections;
    final Map<String, Object> defaultParams;
    final CelSupport.Expr when;
    final CelSupport.Expr pass;
    final CelSupport.Expr partial;
    final CelSupport.Expr manualWhen;
    final CelSupport.Expr highWhen;
    final List<CelSupport.Expr> evidence;
    final Risk failRisk;
    final Risk partialRisk;
    final List<Risk> compensationRisks;
    /** Everything in the facts this rule's finding depends on, sorted; the memo keys on these (and attrs). */
    final List<FactInput> inputs;
    /** An input moves on every report (the collection time): the memo never looks this rule up. */
    final boolean perReport;

    CompiledRule(RuleDefinition def, String origin) {
        this.def = def;
        this.origin = origin;
        require(def.id() != null && ID.matcher(def.id()).matches(), "id 缺失或不是 kebab-case：" + def.id());
        require(def.clause() != null && CLAUSE.matcher(def.clause()).matches(), "clause 缺失或格式错误：" + def.clause());
        require(def.clauses().get(0).equals(def.clause()), "clause 与 clauses 同时给出时，clause 必须是 clauses 的第一项：" + def.clause());
        require(def.clauses().stream().allMatch(c -> c != null && CLAUSE.matcher(c).matches()), "clauses 中有格式错误的条款：" + def.clauses());
        require(def.clauses().stream().distinct().count() == def.clauses().size(), "clauses 中有重复的条款：" + def.clauses());
        require(notBlank(def.title()), "title 缺失");
        require(notBlank(def.control()), "control 缺失");
        require(MODES.contains(def.mode()), "mode 必须是 automated | manual | not_applicable：" + def.mode());
        require(notBlank(def.remediation()) || def.isNotApplicableMode(), "remediation 缺失");

        EnumSet<OsFamily> families = EnumSet.noneOf(OsFamily.class);
        for (String f : def.appliesTo()) {
            try {
                OsFamily fam = OsFamily.valueOf(f);
                require(fam != OsFamily.UNRECOGNIZED, "applies_to 未知的 OsFamily：" + f);
                families.add(fam);
            } catch (IllegalArgumentException e) {
                throw fail("applies_to 未知的 OsFamily：" + f);
            }
        }
        this.appliesTo = families;

        List<FieldDescriptor> sections = new ArrayList<>();
        for (String key : def.requires()) {
            String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            FieldDescriptor fd = Facts.getDescriptor().findFieldByName(section);
            require(fd != null && fd.getType() == FieldDescriptor.Type.MESSAGE && !fd.isRepeated(),
                    "requires 引用了不存在的事实部分：" + key);
            sections.add(fd);
        }
        this.requiredSections = List.copyOf(sections);
        try {
            this.defaultParams = Params.normalize(def.params());
        } catch (IllegalArgumentException e) {
            throw fail("params: " + e.getMessage());
        }
        for (String limited : def.paramLimits().keySet()) {
            require(defaultParams.containsKey(limited), "param_limits 引用了不存在的参数：" + limited);
        }
        defaultParams.forEach((k, v) -> {
            String why = ParamSchema.violation(v, v, def.paramLimits().get(k));
            require(why == null, "params." + k + " 的默认值不符合其取值范围：" + why);
        });
        for (String attr : referencedAttributes(def)) {
            require(HostAttributes.known().containsKey(attr), "引用了未声明的主机属性 " + attr
                    + "（见 " + HostAttributes.RESOURCE + "）");
        }

        this.when = def.when() == null ? null : CelSupport.compile(origin, "when", def.when(), true);
        if ("automated".equals(def.mode())) {
            require(notBlank(def.pass()), "automated 规则必须有 pass 表达式");
            require(notBlank(def.messages().fail()), "automated 规则必须有 messages.fail");
        }
        if (def.isManual()) {
            require(notBlank(def.manual()), "manual 规则必须有 manual 说明");
        }
        this.pass = def.pass() == null ? null : CelSupport.compile(origin, "pass", def.pass(), true);
        this.manualWhen = def.manualWhen() == null ? null : CelSupport.compile(origin, "manual_when", def.manualWhen(), true);
        require(def.manualWhen() == null || notBlank(def.manual()), "有 manual_when 时必须有 manual 说明");
        this.partial = def.partial() == null ? null : CelSupport.compile(origin, "partial", def.partial(), true);
        RuleDefinition.RiskSpec r = def.risk();
        this.highWhen = r.highWhen() == null ? null : CelSupport.compile(origin, "risk.high_when", r.highWhen(), true);
        List<CelSupport.Expr> ev = new ArrayList<>();
        for (int i = 0; i < def.evidence().size(); i++) {
            RuleDefinition.EvidenceSpec spec = def.evidence().get(i);
            require(spec != null && notBlank(spec.expr()), "evidence[" + i + "] 缺少 expr");
            ev.add(CelSupport.compile(origin, "evidence[" + i + "]", spec.expr(), false));
        }
        this.evidence = List.copyOf(ev);
        this.failRisk = r.fail() == null ? Risk.MEDIUM : parseRisk("risk.fail", r.fail());
        this.partialRisk = r.partial() == null ? Risk.LOW : parseRisk("risk.partial", r.partial());
        List<Risk> comp = new ArrayList<>();
        for (RuleDefinition.Compensation c : r.compensations()) {
            require(c != null && notBlank(c.attr()), "risk.compensations 缺少 attr");
            comp.add(c.lowersTo() == null ? Risk.MEDIUM : parseRisk("risk.compensations.lowers_to", c.lowersTo()));
        }
        this.compensationRisks = List.copyOf(comp);
        this.inputs = inputs();
        this.perReport = inputs.stream().anyMatch(FactInput::changesEveryReport);
    }

    /**
     * What the CEL expressions read, plus what {@link RuleEngine} itself reads for this rule outside CEL: the OS
     * family for applies_to, and for requires the collection errors and the required sections' presence.
     */
    private List<FactInput> inputs() {
        if (def.isNotApplicableMode()) {
            return List.of(); // the finding is fixed text, nothing is read
        }
        List<FactInput> all = new ArrayList<>();
        for (CelSupport.Expr e : expressions()) {
            all.addAll(e.reads());
        }
        if (!appliesTo.isEmpty()) {
            all.add(FactInput.section(Facts.getDescriptor().findFieldByName("os"))); // os.family
        }
        if (!def.requires().isEmpty()) {
            all.add(FactInput.section(Facts.getDescriptor().findFieldByName("collection_errors")));
            requiredSections.forEach(s -> all.add(FactInput.presence(s)));
        }
        return List.copyOf(FactDependencies.normalise(all));
    }

    private List<CelSupport.Expr> expressions() {
        List<CelSupport.Expr> out = new ArrayList<>();
        for (CelSupport.Expr e : new CelSupport.Expr[] {when, pass, partial, manualWhen, highWhen}) {
            if (e != null) {
                out.add(e);
            }
        }
        out.addAll(evidence);
        return out;
    }

    String id() {
        return def.id();
    }

    private Risk parseRisk(String field, String value) {
        return switch (value) {
            case "LOW" -> Risk.LOW;
            case "MEDIUM" -> Risk.MEDIUM;
            case "HIGH" -> Risk.HIGH;
            default -> throw fail(field + " 必须是 LOW | MEDIUM | HIGH：" + value);
        };
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw fail(message);
        }
    }

    private RuleLoadException fail(String message) {
        return new RuleLoadException(origin + ": " + message);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Host attributes the rule reads: compensations and attrs look-ups in its expressions. */
    private static java.util.Set<String> referencedAttributes(RuleDefinition def) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (RuleDefinition.Compensation c : def.risk().compensations()) {
            if (c != null && c.attr() != null) {
                out.add(c.attr());
            }
        }
        java.util.regex.Pattern ref = java.util.regex.Pattern.compile(
                "attrs\\.([A-Za-z_][A-Za-z0-9_]*)|attrs\\[\\s*['\"]([^'\"]+)['\"]\\s*]|['\"]([^'\"]+)['\"]\\s+in\\s+attrs\\b");
        List<String> texts = new ArrayList<>(java.util.Arrays.asList(def.when(), def.pass(), def.partial(),
                def.manualWhen(), def.risk().highWhen()));
        def.evidence().forEach(e -> texts.add(e == null ? null : e.expr()));
        for (String t : texts) {
            if (t == null) {
                continue;
            }
            java.util.regex.Matcher m = ref.matcher(t);
            while (m.find()) {
                out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
            }
        }
        return out;
    }

    /** Effective params of this rule under a profile: defaults overlaid with the profile's "<id>.<name>" values. */
    Map<String, Object> effectiveParams(Map<String, Object> profileParams) {
        if (defaultParams.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>(defaultParams);
        String prefix = def.id() + ".";
        profileParams.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return Map.copyOf(out);
    }
}
