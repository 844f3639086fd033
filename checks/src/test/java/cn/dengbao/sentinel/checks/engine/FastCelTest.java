package cn.dengbao.sentinel.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.dengbao.sentinel.checks.bench.BenchHosts;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.testkit.SyntheticFacts;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast form of the rules' CEL ({@link FastCel}) against dev.cel's interpreter: on every expression of the
 * built-in rules over many fact sets (fixtures, bench hosts, synthetic servers and seeded random mutations of
 * them: fields cleared, strings, numbers and enums replaced, list elements dropped or repeated, map entries
 * changed), whenever the fast form gives a value it must be exactly the interpreter's (type, order of lists and
 * maps included) and the interpreter must not have failed; and whole evaluations must be byte-identical.
 */
class FastCelTest {

    private static final String[] STRINGS = {"", "yes", "no", "0", "1", "-1", "5", "90", "99999", "0600", "0640",
        "abc", "/bin/bash", "\t x\u000b", " \u00a0y\u2003", "\u001fz", "x\u0085", "/usr/sbin/nologin", "root", "  x ", "日志", "😀", "a,b,,", "@", "*", "sha512",
        "PASS_MAX_DAYS", "pam_faillock.so", "required", "-a always,exit", "12d", "3M", "1y", "+5", "٣", "0x10",
        "99999999999999999999", "aes128-ctr,3des-cbc", "telnet", "23", "on", "off", "INFO", "false", "true"};
    private static final long[] LONGS = {0, 1, -1, 2, 5, 6, 7, 30, 90, 180, 365, 99_999, 0600, 0777, 04755,
        20_416, Integer.MAX_VALUE, -2};

    private static List<Facts> baseFacts() {
        List<Facts> out = new ArrayList<>();
        out.add(FactsFixtures.compliantHost().build());
        FactsFixtures many = FactsFixtures.compliantHost();
        for (int i = 0; i < 12; i++) {
            many.account("user" + i, 2000 + i, i % 3 == 0 ? "/usr/sbin/nologin" : "/bin/bash",
                    i % 4 == 0 ? PasswordState.EMPTY : PasswordState.HASHED);
        }
        out.add(many.build());
        out.add(FactsFixtures.debian().build());
        out.add(FactsFixtures.rhel().build());
        out.add(FactsFixtures.bare().build());
        out.add(FactsFixtures.of(OsFamily.WINDOWS, "windows").build());
        out.add(BenchHosts.compliant());
        out.add(BenchHosts.failing());
        out.add(SyntheticFacts.server("syn-1", "r1", 25));
        return out;
    }

    /** The base fact sets and {@code perBase} seeded mutations of each. */
    static List<Facts> factSets(int perBase, long seed) {
        Random rnd = new Random(seed);
        List<Facts> out = new ArrayList<>();
        for (Facts base : baseFacts()) {
            out.add(base);
            for (int k = 0; k < perBase; k++) {
                Facts.Builder b = base.toBuilder();
                int edits = 1 + rnd.nextInt(12);
                for (int e = 0; e < edits; e++) {
                    mutate(b, rnd, 0);
                }
                out.add(b.build());
            }
        }
        return out;
    }

    /** One random change somewhere under {@code b}. */
    private static void mutate(Message.Builder b, Random rnd, int depth) {
        List<FieldDescriptor> fields = b.getDescriptorForType().getFields();
        FieldDescriptor fd = fields.get(rnd.nextInt(fields.size()));
        if (depth == 0 && fd.getName().equals("report_id")) {
            return;
        }
        if (fd.isMapField()) {
            int n = b.getRepeatedFieldCount(fd);
            if (n > 0 && rnd.nextInt(3) == 0) {
                List<Object> entries = new ArrayList<>((List<?>) b.getField(fd));
                entries.remove(rnd.nextInt(n));
                b.setField(fd, entries);
            } else if (n > 0) {
                List<Object> entries = new ArrayList<>((List<?>) b.getField(fd));
                int i = rnd.nextInt(n);
                Message.Builder eb = ((Message) entries.get(i)).toBuilder();
                mutate(eb, rnd, depth + 1);
                entries.set(i, eb.build());
                b.setField(fd, entries);
            }
            return;
        }
        if (fd.isRepeated()) {
            int n = b.getRepeatedFieldCount(fd);
            if (n == 0) {
                return;
            }
            int i = rnd.nextInt(n);
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    List<Object> l = new ArrayList<>((List<?>) b.getField(fd));
                    l.remove(i);
                    b.setField(fd, l);
                }
                case 1 -> b.addRepeatedField(fd, b.getRepeatedField(fd, i));
                default -> {
                    if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                        Message.Builder eb = ((Message) b.getRepeatedField(fd, i)).toBuilder();
                        mutate(eb, rnd, depth + 1);
                        b.setRepeatedField(fd, i, eb.build());
                    } else {
                        b.setRepeatedField(fd, i, value(fd, rnd));
                    }
                }
            }
            return;
        }
        if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            if (rnd.nextInt(6) == 0) {
                b.clearField(fd);
            } else if (depth < 4) {
                Message.Builder sub = ((Message) b.getField(fd)).toBuilder();
                mutate(sub, rnd, depth + 1);
                b.setField(fd, sub.build());
            }
            return;
        }
        if (rnd.nextInt(5) == 0) {
            b.clearField(fd);
        } else {
            b.setField(fd, value(fd, rnd));
        }
    }

    private static Object value(FieldDescriptor fd, Random rnd) {
        return switch (fd.getJavaType()) {
            case STRING -> STRINGS[rnd.nextInt(STRINGS.length)];
            case BOOLEAN -> rnd.nextBoolean();
            case INT -> (int) LONGS[rnd.nextInt(LONGS.length)];
            case LONG -> LONGS[rnd.nextInt(LONGS.length)];
            case ENUM -> {
                List<EnumValueDescriptor> vs = fd.getEnumType().getValues();
                yield vs.get(rnd.nextInt(vs.size()));
            }
            default -> throw new IllegalStateException("no random value for " + fd);
        };
    }

    private static List<Map<String, String>> attributeSets(RuleEngine engine) {
        RuleCostProbe probe = new RuleCostProbe(engine);
        List<Map<String, String>> out = new ArrayList<>();
        out.add(probe.attributes(Map.of()));
        Map<String, String> allTrue = new LinkedHashMap<>();
        RuleEngine.KNOWN_ATTRIBUTES.forEach(a -> allTrue.put(a, "true"));
        out.add(probe.attributes(allTrue));
        return out;
    }

    @Test
    void mostExpressionsOfTheBuiltInRulesHaveAFastForm() {
        int all = 0;
        int fast = 0;
        List<String> slow = new ArrayList<>();
        for (CompiledRule r : RuleCatalog.builtIn().compiled()) {
            for (CelSupport.Expr e : expressions(r)) {
                all++;
                if (e.fast() != null) {
                    fast++;
                } else {
                    slow.add(r.id() + "/" + e.field());
                }
            }
        }
        System.out.printf("FastCel: %d of %d expressions have a fast form; interpreter only: %s%n", fast, all, slow);
        assertTrue(fast * 10 >= all * 9, "fewer than 90 % of the expressions have a fast form: " + slow);
    }

    @Test
    void fastFormGivesTheInterpretersValueOnEveryExpression() throws Exception {
        RuleEngine engine = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        List<Map<String, String>> attrSets = attributeSets(engine);
        long compared = 0;
        long bailed = 0;
        for (Facts facts : factSets(60, 20261205L)) {
            FastCel.Activation act = new FastCel.Activation(facts);
            for (Map<String, String> attrs : attrSets) {
                for (int i = 0; i < engine.activeCount(); i++) {
                    CompiledRule r = engine.activeRule(i);
                    Map<String, Object> params = engine.activeParams(i);
                    Map<String, Object> vars = Map.of("facts", facts, "params", params, "attrs", attrs);
                    for (CelSupport.Expr e : expressions(r)) {
                        if (e.fast() == null) {
                            continue;
                        }
                        Object fastValue;
                        try {
                            fastValue = e.fast().eval(act, params, attrs);
                        } catch (FastCel.Bail b) {
                            bailed++;
                            continue;
                        }
                        Object ref;
                        try {
                            ref = e.eval(vars);
                        } catch (Exception ex) {
                            fail(r.id() + "/" + e.field() + ": the interpreter failed (" + ex.getMessage()
                                    + ") where the fast form gave " + fastValue + "\n" + e.text());
                            return;
                        }
                        if (!same(ref, fastValue)) {
                            fail(r.id() + "/" + e.field() + ": interpreter " + describe(ref) + " but fast form "
                                    + describe(fastValue) + "\n" + e.text());
                        }
                        compared++;
                    }
                }
            }
        }
        System.out.printf("FastCel: %d values equal to the interpreter's, %d left to it%n", compared, bailed);
        assertTrue(compared > 100_000, "too few comparisons: " + compared);
    }

    @Test
    void wholeEvaluationsAreByteIdenticalWithAndWithoutTheFastForm() {
        RuleEngine engine = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        List<Map<String, String>> attrSets = attributeSets(engine);
        int n = 0;
        for (Facts facts : factSets(15, 42L)) {
            for (Map<String, String> attrs : attrSets) {
                Evaluation fast = engine.evaluate(facts, attrs);
                boolean prev = CelSupport.useFast(false);
                Evaluation ref;
                try {
                    ref = engine.evaluate(facts, attrs);
                } finally {
                    CelSupport.useFast(prev);
                }
                assertEquals(strip(ref).toByteString(), strip(fast).toByteString(), () -> "differs for "
                        + facts.getHost().getHostname() + ": " + firstDifference(strip(ref), strip(fast)));
                n++;
            }
        }
        assertTrue(n >= 100);
    }

    /** The functions the fast form implements itself, on awkward strings and lists, against the interpreter. */
    @Test
    void functionsAgreeWithTheInterpreterOnAwkwardValues() throws Exception {
        String[] exprs = {"params.s.trim()", "params.s.substring(1)", "params.s.substring(0)", "params.s.split(',')",
            "params.s.split('@')", "params.s.lowerAscii()", "size(params.s)", "int(params.s)", "string(params.s)",
            "params.s.matches('^[0-9]+$')", "params.s.matches('(?i)yes')", "params.s < 'b'", "params.s >= '日'",
            "params.s.startsWith('a')", "params.s.contains(',')", "params.s + '|' + params.s",
            "params.s in ['yes', 'no', '0']", "params.s in {'yes': 1, 'true': 2}", "[params.s, params.s].distinct()",
            "[[params.s], [params.s, 'x'], ['y']].flatten()", "params.s.split(',').join('、')",
            "octal(params.s)", "modeWithin(int(params.s), 416)", "int(params.s) * 2 - 1", "int(params.s) / 3",
            "int(params.s) % 7", "-int(params.s)", "size(duplicates([params.s, 'a', params.s]))",
            "params.s.split(',').exists(x, x == '')", "params.s.split(',').all(x, x != 'b')",
            "params.s.split(',').map(x, size(x))", "params.s.split(',').filter(x, x != '')",
            "cel.bind(v, params.s.trim(), v == '' ? 0 : size(v))", "has(params.s)", "params.s == 1"};
        int compared = 0;
        for (String text : exprs) {
            CelSupport.Expr e = CelSupport.compile("t", "evidence", text, false);
            assertNotNull(e.fast(), text);
            for (String str : STRINGS) {
                Map<String, Object> params = Map.of("s", str);
                Facts facts = Facts.getDefaultInstance();
                Object fastValue;
                try {
                    fastValue = e.fast().eval(new FastCel.Activation(facts), params, Map.of());
                } catch (FastCel.Bail b) {
                    continue;
                }
                Object ref;
                try {
                    ref = e.eval(Map.of("facts", facts, "params", params, "attrs", Map.of()));
                } catch (Exception ex) {
                    fail(text + " on '" + str + "': the interpreter failed (" + ex.getMessage() + ") where the fast form gave "
                            + fastValue);
                    return;
                }
                assertTrue(same(ref, fastValue), () -> text + " on '" + str + "': interpreter " + describe(ref)
                        + " but fast form " + describe(fastValue));
                compared++;
            }
        }
        assertTrue(compared > 500, "compared " + compared);
    }

    @Test
    void uncoveredFunctionsStayOnTheInterpreter() {
        assertNull(CelSupport.compile("t", "pass", "'a b'.upperAscii() == 'A B'", true).fast());
        assertNull(CelSupport.compile("t", "pass", "[[1], [2]].flatten(2).size() == 2", true).fast());
        assertNotNull(CelSupport.compile("t", "pass", "facts.accounts.accounts.exists(a, a.uid == 0)", true).fast());
        // an error in the fast form goes back to the interpreter: its value (absorbed by ||) and its error texts
        CelSupport.Expr e = CelSupport.compile("t", "pass", "facts.sshd.options['x'].value == 'y' || true", true);
        Facts facts = FactsFixtures.debian().build();
        CelSupport.Vars v = CelSupport.Vars.of(facts, Map.of(), Map.of(), new FastCel.Activation(facts));
        try {
            assertTrue(e.evalBool(v));
        } catch (Exception ex) {
            fail(ex);
        }
    }

    private static Evaluation strip(Evaluation e) {
        return e.toBuilder().clearEvaluatedAtEpochMs().build();
    }

    private static String firstDifference(Evaluation a, Evaluation b) {
        for (int i = 0; i < Math.min(a.getFindingsCount(), b.getFindingsCount()); i++) {
            if (!a.getFindings(i).equals(b.getFindings(i))) {
                return "\n" + a.getFindings(i) + "\nvs\n" + b.getFindings(i);
            }
        }
        return "clauses or counts";
    }

    private static List<CelSupport.Expr> expressions(CompiledRule r) {
        List<CelSupport.Expr> out = new ArrayList<>();
        for (CelSupport.Expr e : new CelSupport.Expr[] {r.when, r.pass, r.partial, r.manualWhen, r.highWhen}) {
            if (e != null) {
                out.add(e);
            }
        }
        out.addAll(r.evidence);
        return out;
    }

    /** Equal values of the same Java kinds, lists and maps in the same order. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return same(new ArrayList<>(x.keySet()), new ArrayList<>(y.keySet()))
                    && same(new ArrayList<>(x.values()), new ArrayList<>(y.values()));
        }
        if (a instanceof Collection<?> x && b instanceof Collection<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!same(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return a != null && b != null && a.getClass() == b.getClass() && a.equals(b);
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
    }
}
