package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Facts;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which parts of {@link Facts} a checked CEL expression reads, found by walking its AST. A select on a
 * Facts-typed operand ({@code facts.sshd}) names a section, a select on that ({@code facts.sshd.options}) one of
 * its fields: the section's stable part, or a volatile field (see {@link FactInput}); any other use of a Facts value (passed whole, bound with {@code cel.bind}, compared, wrapped in
 * {@code dyn}) depends on every section. Facts values are recognised by their checked type, so an alias such as
 * {@code cel.bind(f, facts, f.sshd)} is still seen (and the bind itself counts as whole use). Over-approximating
 * only costs memo hits; missing a read would return a stale finding, so anything unrecognised counts as whole use.
 */
final class FactDependencies {

    private static final String FACTS_TYPE = Facts.getDescriptor().getFullName();

    /**
     * Facts fields no verdict may read. {@code report_id} is new in every report: a rule reading it would never hit
     * the memo, and a verdict that depends on the report's identity is a rule bug anyway.
     */
    static final Set<String> FORBIDDEN = Set.of("report_id");

    private FactDependencies() {}

    /** Every top-level field except the forbidden ones: what a rule using {@code facts} whole depends on. */
    static Set<FactInput> all() {
        Set<FactInput> out = new TreeSet<>();
        for (FieldDescriptor fd : Facts.getDescriptor().getFields()) {
            if (!FORBIDDEN.contains(fd.getName())) {
                whole(fd, out);
            }
        }
        return out;
    }

    /** A top-level field used whole: its stable part and each of its volatile fields. */
    private static void whole(FieldDescriptor top, Set<FactInput> out) {
        out.add(FactInput.section(top));
        FactInput.volatileFields(top).forEach(v -> out.add(FactInput.volatileField(top, v)));
    }

    /**
     * The inputs {@code ast} reads, normalised (see {@link #normalise}).
     *
     * @throws IllegalArgumentException when the expression reads a {@link #FORBIDDEN} field
     */
    static Set<FactInput> of(CelAbstractSyntaxTree ast) {
        Set<FactInput> out = new TreeSet<>();
        walk(ast, ast.getExpr(), out);
        return normalise(out);
    }

    /** Drops presence inputs a section input covers (its digest starts with the same presence bit). */
    static Set<FactInput> normalise(Collection<FactInput> inputs) {
        Set<FactInput> out = new TreeSet<>(inputs);
        out.removeIf(i -> i.kind() == FactInput.Kind.PRESENCE && out.contains(FactInput.section(i.section())));
        return out;
    }

    private static void walk(CelAbstractSyntaxTree ast, CelExpr e, Set<FactInput> out) {
        if (e.getKind() == CelExpr.ExprKind.Kind.SELECT) {
            CelExpr.CelSelect s = e.select();
            CelExpr operand = s.operand();
            if (operand.getKind() == CelExpr.ExprKind.Kind.SELECT && isFacts(ast, operand.select().operand())
                    && !operand.select().testOnly()) {
                // facts.<section>.<field>, or has(facts.<section>.<field>)
                FieldDescriptor section = topField(operand.select().field());
                FieldDescriptor f = FactInput.isSection(section)
                        ? section.getMessageType().findFieldByName(s.field()) : null;
                if (f != null && FactInput.isVolatile(section, f)) {
                    out.add(FactInput.volatileField(section, f));
                } else if (f != null) {
                    out.add(FactInput.section(section));
                } else {
                    whole(section, out);
                }
                walkFactsOperand(ast, operand.select().operand(), out);
                return;
            }
            if (isFacts(ast, operand)) {
                FieldDescriptor section = topField(s.field());
                if (s.testOnly() && FactInput.isSection(section)) {
                    out.add(FactInput.presence(section)); // has(facts.sshd) asks only whether it is there
                } else {
                    whole(section, out);
                }
                walkFactsOperand(ast, operand, out);
                return;
            }
        } else if (isFacts(ast, e)) {
            out.addAll(all());
            return;
        }
        for (CelExpr child : children(e)) {
            walk(ast, child, out);
        }
    }

    /**
     * The Facts value a select was applied to. An identifier ({@code facts}, or an alias whose binding is walked
     * where it is bound) needs nothing more; a Facts value computed any other way, e.g.
     * {@code {'f': facts}['f']}, means facts flowed through an expression: whole use.
     */
    private static void walkFactsOperand(CelAbstractSyntaxTree ast, CelExpr operand, Set<FactInput> out) {
        if (operand.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            walk(ast, operand, out);
        }
    }

    private static FieldDescriptor topField(String name) {
        if (FORBIDDEN.contains(name)) {
            throw new IllegalArgumentException("规则不得读取 facts." + name
                    + "（每份报告都不同，判定结果不应依赖它）");
        }
        FieldDescriptor fd = Facts.getDescriptor().findFieldByName(name);
        if (fd == null) {
            // the checker accepted it, so this cannot happen; refuse rather than under-approximate
            throw new IllegalArgumentException("unknown Facts field " + name);
        }
        return fd;
    }

    /** A Facts value: by checked type, or the {@code facts} variable itself if the AST carries no type for it. */
    private static boolean isFacts(CelAbstractSyntaxTree ast, CelExpr e) {
        Optional<CelType> t = ast.getType(e.id());
        if (t.isPresent()) {
            return FACTS_TYPE.equals(t.get().name());
        }
        return e.getKind() == CelExpr.ExprKind.Kind.IDENT && "facts".equals(e.ident().name());
    }

    private static List<CelExpr> children(CelExpr e) {
        List<CelExpr> c = new ArrayList<>();
        switch (e.getKind()) {
            case SELECT -> c.add(e.select().operand());
            case CALL -> {
                e.call().target().ifPresent(c::add);
                c.addAll(e.call().args());
            }
            case LIST -> c.addAll(e.list().elements());
            case STRUCT -> e.struct().entries().forEach(en -> c.add(en.value()));
            case MAP -> e.map().entries().forEach(en -> {
                c.add(en.key());
                c.add(en.value());
            });
            case COMPREHENSION -> {
                CelExpr.CelComprehension k = e.comprehension();
                c.add(k.iterRange());
                c.add(k.accuInit());
                c.add(k.loopCondition());
                c.add(k.loopStep());
                c.add(k.result());
            }
            default -> { }
        }
        return c;
    }
}
