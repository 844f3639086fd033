package cn.dengbao.sentinel.checks.engine;

import com.google.common.base.Ascii;
import com.google.common.base.Joiner;
import com.google.common.base.Splitter;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.re2j.Pattern;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules' CEL compiled once more, from the checked AST into a tree of small Java nodes, so a first report does
 * not pay dev.cel's tree-walking interpreter (reference and type look-ups by expression id, overload dispatch by
 * name, proto reflection per select) on every node: the interpreter was ~4–5 ms for the 80 rules of one host.
 *
 * <p>The fast form covers exactly what the built-in rules use — literals, variables, field selects and
 * {@code has()}, index, the logical, comparison, arithmetic and {@code in} operators, list and map literals,
 * comprehensions (every macro and {@code cel.bind} are comprehensions after parsing), {@code size}, {@code int},
 * {@code string}, {@code matches}, the string functions and this environment's own functions. Anything else makes
 * {@link #compile} return null and that expression stays on the interpreter.
 *
 * <p>It never has to agree with CEL on errors or odd values: whenever the fast form meets a case it does not
 * decide exactly as CEL does (any error, a heterogeneous comparison, an unsigned or floating value, a
 * surrogate in a string comparison…) it throws {@link Bail}, and the caller evaluates the expression again on the
 * interpreter, which then gives CEL's own value or error text. CEL expressions have no side effects, so
 * evaluating again is safe. {@code FastCelTest} compares both on every expression of the built-in rules over
 * many fact sets.
 */
final class FastCel {

    /** The fast form cannot decide this value exactly as CEL would: evaluate on the interpreter instead. */
    static final class Bail extends RuntimeException {
        static final Bail INSTANCE = new Bail();

        private Bail() {
            super(null, null, false, false); // thrown often on error paths: no stack trace, no allocation
        }
    }

    /**
     * What one report's evaluation shares across all its rules: the three variables and the proto fields already
     * converted to CEL values (lists of int32/enum values, map fields), so each is converted once per report
     * rather than once per rule that reads it.
     */
    static final class Activation {
        final Object facts;
        private final IdentityHashMap<Message, Object[]> converted = new IdentityHashMap<>();

        Activation(Object facts) {
            this.facts = facts;
        }

        Object converted(Message m, FieldDescriptor fd) {
            Object[] perField = converted.get(m);
            if (perField == null) {
                perField = new Object[m.getDescriptorForType().getFields().size()];
                converted.put(m, perField);
            }
            Object v = perField[fd.getIndex()];
            if (v == null) {
                v = convertField(m, fd);
                perField[fd.getIndex()] = v;
            }
            return v;
        }
    }

    /** One compiled node. */
    interface Node {
        Object eval(Frame f);
    }

    /** Variable slots of one evaluation: 0 facts, 1 params, 2 attrs, then the comprehension variables. */
    static final class Frame {
        final Object[] slots;
        final Activation act;

        Frame(int size, Activation act, Object params, Object attrs) {
            this.slots = new Object[size];
            this.act = act;
            slots[0] = act.facts;
            slots[1] = params;
            slots[2] = attrs;
        }
    }

    /** A compiled expression and the number of variable slots it needs. */
    record Program(Node root, int slots) {
        Object eval(Activation act, Object params, Object attrs) {
            return root.eval(new Frame(slots, act, params, attrs));
        }
    }

    /** Signals an expression the fast form does not cover (at compile time only). */
    private static final class Unsupported extends Exception {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    /** Compiled patterns by text; bounded, since params may differ per profile but not per report. */
    private static final ConcurrentHashMap<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final int MAX_PATTERNS = 4_096;

    private final CelAbstractSyntaxTree ast;
    private final CelOptions options;
    private final Map<String, Integer> scope = new HashMap<>();
    private int nextSlot = 3;
    private int maxSlot = 3;

    private FastCel(CelAbstractSyntaxTree ast, CelOptions options) {
        this.ast = ast;
        this.options = options;
        scope.put("facts", 0);
        scope.put("params", 1);
        scope.put("attrs", 2);
    }

    /** The fast form of a checked AST, or null when it uses something the fast form does not cover. */
    static Program compile(CelAbstractSyntaxTree ast, CelOptions options) {
        if (!ast.isChecked()) {
            return null;
        }
        FastCel c = new FastCel(ast, options);
        try {
            Node root = c.node(ast.getExpr());
            return new Program(root, c.maxSlot);
        } catch (Unsupported e) {
            return null;
        }
    }

    private Node node(CelExpr e) throws Unsupported {
        return switch (e.getKind()) {
            case CONSTANT -> constant(e.constant());
            case IDENT -> ident(e);
            case SELECT -> select(e);
            case CALL -> call(e);
            case LIST -> list(e);
            case MAP -> map(e);
            case COMPREHENSION -> comprehension(e);
            default -> throw new Unsupported(e.getKind().name());
        };
    }

    private static Node constant(CelConstant c) throws Unsupported {
        Object v = switch (c.getKind()) {
            case BOOLEAN_VALUE -> c.booleanValue();
            case INT64_VALUE -> c.int64Value();
            case STRING_VALUE -> c.stringValue();
            default -> throw new Unsupported("constant " + c.getKind());
        };
        return f -> v;
    }

    private Node ident(CelExpr e) throws Unsupported {
        String name = e.ident().name();
        Integer slot = scope.get(name);
        Optional<CelReference> ref = ast.getReference(e.id());
        if (ref.isPresent() && ref.get().value().isPresent()) {
            return constant(ref.get().value().get());
        }
        if (slot == null && ref.isPresent()) {
            slot = scope.get(ref.get().name());
        }
        if (slot == null) {
            throw new Unsupported("ident " + name);
        }
        int s = slot;
        return f -> f.slots[s];
    }

    private Node select(CelExpr e) throws Unsupported {
        Optional<CelReference> ref = ast.getReference(e.id());
        if (ref.isPresent()) {
            if (ref.get().value().isPresent()) {
                return constant(ref.get().value().get()); // an enum constant such as OsFamily.DEBIAN
            }
            throw new Unsupported("qualified name " + ref.get().name());
        }
        CelExpr.CelSelect s = e.select();
        Node operand = node(s.operand());
        String field = s.field();
        FieldCache cache = new FieldCache(field);
        if (s.testOnly()) {
            return f -> has(operand.eval(f), cache);
        }
        return f -> get(f.act, operand.eval(f), cache);
    }

    /** The field descriptor of the last message type seen at one select (a select sees one type in practice). */
    private static final class FieldCache {
        private record Seen(Descriptor type, FieldDescriptor fd) {}

        final String name;
        private volatile Seen seen;

        FieldCache(String name) {
            this.name = name;
        }

        FieldDescriptor of(Message m) {
            Descriptor t = m.getDescriptorForType();
            Seen s = seen;
            if (s == null || s.type() != t) {
                FieldDescriptor d = t.findFieldByName(name);
                if (d == null) {
                    throw Bail.INSTANCE;
                }
                s = new Seen(t, d);
                seen = s;
            }
            return s.fd();
        }
    }

    private static Object get(Activation act, Object target, FieldCache cache) {
        if (target instanceof Message m) {
            return fieldValue(act, m, cache.of(m));
        }
        if (target instanceof Map<?, ?> map) {
            Object v = map.get(cache.name);
            if (v == null) {
                throw Bail.INSTANCE; // no such key: CEL's error
            }
            return v;
        }
        throw Bail.INSTANCE;
    }

    private static Boolean has(Object target, FieldCache cache) {
        if (target instanceof Message m) {
            FieldDescriptor fd = cache.of(m);
            if (fd.isRepeated()) {
                return m.getRepeatedFieldCount(fd) > 0;
            }
            if (fd.hasPresence()) {
                return m.hasField(fd);
            }
            return !m.getField(fd).equals(fd.getDefaultValue());
        }
        if (target instanceof Map<?, ?> map) {
            return map.containsKey(cache.name);
        }
        throw Bail.INSTANCE;
    }

    /** A field as CEL sees it: int32 and enums as int (Long), messages as they are, lists and maps converted. */
    private static Object fieldValue(Activation act, Message m, FieldDescriptor fd) {
        if (fd.isMapField()) {
            return act.converted(m, fd);
        }
        if (fd.isRepeated()) {
            return switch (fd.getJavaType()) {
                case STRING, BOOLEAN -> m.getField(fd);
                case MESSAGE -> {
                    checkMessageType(fd.getMessageType());
                    yield m.getField(fd);
                }
                case LONG -> {
                    checkSigned(fd);
                    yield m.getField(fd);
                }
                case INT, ENUM -> act.converted(m, fd);
                default -> throw Bail.INSTANCE;
            };
        }
        return scalar(fd, m.getField(fd));
    }

    private static Object scalar(FieldDescriptor fd, Object v) {
        return switch (fd.getJavaType()) {
            case STRING, BOOLEAN -> v;
            case LONG -> {
                checkSigned(fd);
                yield v;
            }
            case INT -> {
                checkSigned(fd);
                yield (long) (Integer) v;
            }
            case ENUM -> (long) ((EnumValueDescriptor) v).getNumber();
            case MESSAGE -> {
                checkMessageType(fd.getMessageType());
                yield v;
            }
            default -> throw Bail.INSTANCE; // float, double, bytes: not in the facts; CEL's conversions differ
        };
    }

    private static void checkSigned(FieldDescriptor fd) {
        switch (fd.getType()) {
            case UINT32, UINT64, FIXED32, FIXED64 -> throw Bail.INSTANCE; // CEL's uint
            default -> { }
        }
    }

    /** Well-known types (wrappers, Timestamp, Any…) are unwrapped by CEL: not covered here. */
    private static void checkMessageType(Descriptor d) {
        if (d.getFile().getPackage().equals("google.protobuf")) {
            throw Bail.INSTANCE;
        }
    }

    private static Object convertField(Message m, FieldDescriptor fd) {
        if (fd.isMapField()) {
            FieldDescriptor kf = fd.getMessageType().findFieldByNumber(1);
            FieldDescriptor vf = fd.getMessageType().findFieldByNumber(2);
            List<?> entries = (List<?>) m.getField(fd);
            Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, entries.size() * 2));
            for (Object o : entries) {
                Message entry = (Message) o;
                Object k = scalar(kf, entry.getField(kf));
                out.put(k, scalar(vf, entry.getField(vf)));
            }
            return out;
        }
        List<?> raw = (List<?>) m.getField(fd);
        List<Object> out = new ArrayList<>(raw.size());
        for (Object o : raw) {
            out.add(scalar(fd, o));
        }
        return out;
    }

    // ---- calls

    private Node call(CelExpr e) throws Unsupported {
        CelExpr.CelCall c = e.call();
        String fn = c.function();
        List<Node> args = new ArrayList<>();
        if (c.target().isPresent()) {
            args.add(node(c.target().get()));
        }
        for (CelExpr a : c.args()) {
            args.add(node(a));
        }
        boolean member = c.target().isPresent();
        int n = args.size();
        Node a0 = n > 0 ? args.get(0) : null;
        Node a1 = n > 1 ? args.get(1) : null;
        Node a2 = n > 2 ? args.get(2) : null;
        switch (fn) {
            case "_&&_":
                return f -> bool(a0.eval(f)) ? Boolean.valueOf(bool(a1.eval(f))) : Boolean.FALSE;
            case "_||_":
                return f -> bool(a0.eval(f)) ? Boolean.TRUE : Boolean.valueOf(bool(a1.eval(f)));
            case "!_":
                return f -> !bool(a0.eval(f));
            case "_?_:_":
                return f -> bool(a0.eval(f)) ? a1.eval(f) : a2.eval(f);
            case "@not_strictly_false":
                return f -> a0.eval(f) instanceof Boolean b ? b : Boolean.TRUE;
            case "_==_":
                return f -> equal(a0.eval(f), a1.eval(f));
            case "_!=_":
                return f -> !equal(a0.eval(f), a1.eval(f));
            case "_<_":
                return f -> compare(a0.eval(f), a1.eval(f)) < 0;
            case "_<=_":
                return f -> compare(a0.eval(f), a1.eval(f)) <= 0;
            case "_>_":
                return f -> compare(a0.eval(f), a1.eval(f)) > 0;
            case "_>=_":
                return f -> compare(a0.eval(f), a1.eval(f)) >= 0;
            case "@in":
                return f -> in(a0.eval(f), a1.eval(f));
            case "_[_]":
                return f -> index(a0.eval(f), a1.eval(f));
            case "_+_":
                return f -> add(a0.eval(f), a1.eval(f));
            case "_-_":
                return f -> Math.subtractExact(num(a0.eval(f)), num(a1.eval(f)));
            case "_*_":
                return f -> Math.multiplyExact(num(a0.eval(f)), num(a1.eval(f)));
            case "_/_":
                return f -> divide(num(a0.eval(f)), num(a1.eval(f)));
            case "_%_":
                return f -> modulo(num(a0.eval(f)), num(a1.eval(f)));
            case "-_":
                return f -> Math.negateExact(num(a0.eval(f)));
            default:
                break;
        }
        if (n == 1) {
            switch (fn) {
                case "size":
                    return f -> size(a0.eval(f));
                case "int":
                    return f -> toInt(a0.eval(f));
                case "string":
                    return f -> toStr(a0.eval(f));
                case "lowerAscii":
                    if (member) {
                        return f -> Ascii.toLowerCase(str(a0.eval(f)));
                    }
                    break;
                case "octal":
                    return f -> {
                        try {
                            return CelSupport.octal(str(a0.eval(f)));
                        } catch (CelEvaluationException ex) {
                            throw Bail.INSTANCE;
                        }
                    };
                case "duplicates":
                    return f -> CelSupport.duplicates(list(a0.eval(f)));
                case "trim":
                    if (member) {
                        return f -> trim(str(a0.eval(f)));
                    }
                    break;
                case "flatten":
                    if (member) {
                        return f -> flatten(list(a0.eval(f)));
                    }
                    break;
                case "distinct":
                    if (member) {
                        return f -> distinct(list(a0.eval(f)));
                    }
                    break;
                default:
                    break;
            }
        }
        if (n == 2) {
            switch (fn) {
                case "matches":
                    return f -> matches(str(a0.eval(f)), str(a1.eval(f)));
                case "startsWith":
                    return f -> str(a0.eval(f)).startsWith(str(a1.eval(f)));
                case "endsWith":
                    return f -> str(a0.eval(f)).endsWith(str(a1.eval(f)));
                case "contains":
                    if (member) {
                        return f -> str(a0.eval(f)).contains(str(a1.eval(f)));
                    }
                    break;
                case "split":
                    if (member) {
                        return f -> split(str(a0.eval(f)), str(a1.eval(f)));
                    }
                    break;
                case "join":
                    if (member) {
                        return f -> join(list(a0.eval(f)), str(a1.eval(f)));
                    }
                    break;
                case "substring":
                    if (member) {
                        return f -> substring(str(a0.eval(f)), num(a1.eval(f)));
                    }
                    break;
                case "modeWithin":
                    return f -> {
                        long mode = num(a0.eval(f));
                        long max = num(a1.eval(f));
                        return (mode & ~max & 07777L) == 0;
                    };
                default:
                    break;
            }
        }
        throw new Unsupported("function " + fn + "/" + n);
    }

    /**
     * CEL's matches() (dev.cel's RuntimeHelpers.matches: RE2/J, the program-size limit, partial or full match per
     * the options) with each pattern compiled once instead of on every call: the rules match inside loops over
     * files and accounts with a handful of distinct patterns.
     */
    private boolean matches(String s, String regex) {
        Pattern p = PATTERNS.get(regex);
        if (p == null) {
            try {
                p = Pattern.compile(regex);
            } catch (RuntimeException e) {
                throw Bail.INSTANCE; // CEL's error text comes from the interpreter
            }
            if (PATTERNS.size() < MAX_PATTERNS) {
                PATTERNS.putIfAbsent(regex, p);
            }
        }
        int max = options.maxRegexProgramSize();
        if (max >= 0 && p.programSize() > max) {
            throw Bail.INSTANCE;
        }
        return options.enableRegexPartialMatch() ? p.matcher(s).find() : p.matcher(s).matches();
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw Bail.INSTANCE;
    }

    private static long num(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        throw Bail.INSTANCE;
    }

    private static String str(Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw Bail.INSTANCE;
    }

    private static List<?> list(Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw Bail.INSTANCE;
    }

    /** Equality where the fast form is sure of CEL's answer: ints, strings, bools and lists of them. */
    private static boolean equal(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        if (a instanceof String x && b instanceof String y) {
            return x.equals(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.booleanValue() == y.booleanValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        throw Bail.INSTANCE; // messages, maps, mixed types, null: leave to CEL
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            if (hasSurrogate(x) || hasSurrogate(y)) {
                throw Bail.INSTANCE; // code unit and code point order differ there
            }
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        throw Bail.INSTANCE;
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean in(Object x, Object container) {
        if (container instanceof List<?> l) {
            for (Object o : l) {
                if (equal(x, o)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Map<?, ?> m) {
            if (m.containsKey(x)) {
                return true;
            }
            if (x instanceof String || x instanceof Boolean) {
                return false; // CEL never finds a string or bool equal to a value of another type
            }
            if (!(x instanceof Long)) {
                throw Bail.INSTANCE;
            }
            for (Object k : m.keySet()) {
                if (!(k instanceof Long) && !(k instanceof String) && !(k instanceof Boolean)) {
                    throw Bail.INSTANCE; // a double or uint key might equal the int under CEL's numeric rules
                }
            }
            return false;
        }
        throw Bail.INSTANCE;
    }

    private static Object index(Object target, Object key) {
        if (target instanceof List<?> l) {
            long i = num(key);
            if (i < 0 || i >= l.size()) {
                throw Bail.INSTANCE;
            }
            return l.get((int) i);
        }
        if (target instanceof Map<?, ?> m) {
            if (!(key instanceof String) && !(key instanceof Long)) {
                throw Bail.INSTANCE;
            }
            Object v = m.get(key);
            if (v == null) {
                throw Bail.INSTANCE; // no such key (or a key CEL would match across numeric types)
            }
            return v;
        }
        throw Bail.INSTANCE;
    }

    private static Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Math.addExact(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.concat(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(x.size() + y.size());
            out.addAll(x);
            out.addAll(y);
            return out;
        }
        throw Bail.INSTANCE;
    }

    private static long divide(long a, long b) {
        if (b == 0 || (a == Long.MIN_VALUE && b == -1)) {
            throw Bail.INSTANCE;
        }
        return a / b;
    }

    private static long modulo(long a, long b) {
        if (b == 0 || (a == Long.MIN_VALUE && b == -1)) {
            throw Bail.INSTANCE;
        }
        return a % b;
    }

    private static Long size(Object v) {
        if (v instanceof String s) {
            return (long) s.codePointCount(0, s.length());
        }
        if (v instanceof List<?> l) {
            return (long) l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return (long) m.size();
        }
        throw Bail.INSTANCE;
    }

    private static Long toInt(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof String s) {
            // only plain ASCII decimals: what any integer parser reads alike (CEL: Long.parseLong)
            int start = s.startsWith("-") ? 1 : 0;
            if (s.length() == start || s.length() > 19 + start) {
                throw Bail.INSTANCE;
            }
            for (int i = start; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch < '0' || ch > '9') {
                    throw Bail.INSTANCE;
                }
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw Bail.INSTANCE;
            }
        }
        throw Bail.INSTANCE;
    }

    private static String toStr(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long l) {
            return Long.toString(l);
        }
        throw Bail.INSTANCE;
    }

    /** The strings extension's split: every piece, trailing empty ones included; "" splits into characters. */
    private static List<Object> split(String s, String sep) {
        if (sep.isEmpty()) {
            throw Bail.INSTANCE;
        }
        List<Object> out = new ArrayList<>();
        for (String part : Splitter.on(sep).split(s)) {
            out.add(part);
        }
        return out;
    }

    /**
     * The strings extension's trim() removes Unicode white space; for plain ASCII text that is tab, line feed,
     * vertical tab, form feed, carriage return and space. Other control or non-ASCII characters: left to CEL.
     */
    private static String trim(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 0x7F || (ch < 0x20 && (ch < 0x09 || ch > 0x0D))) {
                throw Bail.INSTANCE;
            }
        }
        int b = 0;
        int e = s.length();
        while (b < e && isAsciiSpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isAsciiSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    private static boolean isAsciiSpace(char ch) {
        return ch == ' ' || (ch >= 0x09 && ch <= 0x0D);
    }

    /** substring(begin) counts code points; without surrogates they are the string's chars. */
    private static String substring(String s, long begin) {
        if (hasSurrogate(s) || begin < 0 || begin > s.length()) {
            throw Bail.INSTANCE;
        }
        return s.substring((int) begin);
    }

    /** The lists extension's flatten(): one level; elements that are not lists are kept as they are. */
    private static List<Object> flatten(List<?> l) {
        List<Object> out = new ArrayList<>();
        for (Object o : l) {
            if (o instanceof java.util.Collection<?> c) {
                out.addAll(c);
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** The lists extension's distinct(): first occurrences, compared as CEL's == does. */
    private static List<Object> distinct(List<?> l) {
        List<Object> out = new ArrayList<>();
        for (Object o : l) {
            boolean seen = false;
            for (Object kept : out) {
                if (equal(o, kept)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                out.add(o);
            }
        }
        return out;
    }

    private static String join(List<?> l, String sep) {
        for (Object o : l) {
            if (!(o instanceof String)) {
                throw Bail.INSTANCE;
            }
        }
        return Joiner.on(sep).join(l);
    }

    // ---- literals and comprehensions

    private Node list(CelExpr e) throws Unsupported {
        CelExpr.CelList l = e.list();
        if (!l.optionalIndices().isEmpty()) {
            throw new Unsupported("optional list element");
        }
        List<Node> elems = new ArrayList<>();
        for (CelExpr x : l.elements()) {
            elems.add(node(x));
        }
        Node[] arr = elems.toArray(new Node[0]);
        return f -> {
            List<Object> out = new ArrayList<>(arr.length);
            for (Node x : arr) {
                out.add(x.eval(f));
            }
            return out;
        };
    }

    private Node map(CelExpr e) throws Unsupported {
        List<Node[]> entries = new ArrayList<>();
        for (CelExpr.CelMap.Entry en : e.map().entries()) {
            if (en.optionalEntry()) {
                throw new Unsupported("optional map entry");
            }
            entries.add(new Node[] {node(en.key()), node(en.value())});
        }
        return f -> {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Node[] en : entries) {
                Object k = en[0].eval(f);
                if (!(k instanceof String) && !(k instanceof Long) && !(k instanceof Boolean)) {
                    throw Bail.INSTANCE;
                }
                if (out.put(k, en[1].eval(f)) != null) {
                    throw Bail.INSTANCE; // duplicate key: CEL's error
                }
            }
            return out;
        };
    }

    private Node comprehension(CelExpr e) throws Unsupported {
        CelExpr.CelComprehension c = e.comprehension();
        if (c.iterVar2() != null && !c.iterVar2().isEmpty()) {
            throw new Unsupported("two-variable comprehension");
        }
        Node range = node(c.iterRange());
        Node init = node(c.accuInit());
        Map<String, Integer> saved = new HashMap<>(scope);
        int savedNext = nextSlot;
        int accu = nextSlot++;
        scope.put(c.accuVar(), accu);
        int iter = nextSlot++;
        scope.put(c.iterVar(), iter);
        maxSlot = Math.max(maxSlot, nextSlot);
        Node cond = node(c.loopCondition());
        Node step = node(c.loopStep());
        Appender append = appender(c);
        // the result sees the accumulator but not the iteration variable
        scope.remove(c.iterVar());
        if (saved.containsKey(c.iterVar())) {
            scope.put(c.iterVar(), saved.get(c.iterVar()));
        }
        Node result = node(c.result());
        scope.clear();
        scope.putAll(saved);
        nextSlot = savedNext;
        return f -> {
            Object r = range.eval(f);
            Iterable<?> items;
            if (r instanceof List<?> l) {
                items = l;
            } else if (r instanceof Map<?, ?> m) {
                items = m.keySet();
            } else {
                throw Bail.INSTANCE;
            }
            Object[] s = f.slots;
            Object prevAccu = s[accu];
            Object prevIter = s[iter];
            s[accu] = append != null ? new ArrayList<>() : init.eval(f);
            for (Object item : items) {
                s[iter] = item;
                if (!bool(cond.eval(f))) {
                    break;
                }
                if (append != null) {
                    append.step(f, s[accu]);
                } else {
                    s[accu] = step.eval(f);
                }
            }
            Object out = result.eval(f);
            s[accu] = prevAccu;
            s[iter] = prevIter;
            return out;
        };
    }

    /** The loop step of map() and filter() as an in-place append. */
    private interface Appender {
        void step(Frame f, Object accu);
    }

    /**
     * map() and filter() build their list with {@code accu + [x]} (or {@code c ? accu + [x] : accu}) on every
     * element: a copy each time, quadratic in the list's length. When the accumulator starts as {@code []} and is
     * read nowhere but there and in the result, appending to one list gives the same list.
     */
    private Appender appender(CelExpr.CelComprehension c) throws Unsupported {
        String accu = c.accuVar();
        if (c.accuInit().getKind() != CelExpr.ExprKind.Kind.LIST || !c.accuInit().list().elements().isEmpty()
                || reads(c.loopCondition(), accu)) {
            return null;
        }
        CelExpr st = c.loopStep();
        CelExpr cond = null;
        if (st.getKind() == CelExpr.ExprKind.Kind.CALL && st.call().function().equals("_?_:_")
                && st.call().args().size() == 3 && isIdent(st.call().args().get(2), accu)) {
            cond = st.call().args().get(0);
            st = st.call().args().get(1);
        }
        if (st.getKind() != CelExpr.ExprKind.Kind.CALL || !st.call().function().equals("_+_")
                || st.call().args().size() != 2 || !isIdent(st.call().args().get(0), accu)) {
            return null;
        }
        CelExpr added = st.call().args().get(1);
        if (added.getKind() != CelExpr.ExprKind.Kind.LIST || added.list().elements().size() != 1
                || !added.list().optionalIndices().isEmpty()) {
            return null;
        }
        CelExpr elem = added.list().elements().get(0);
        if (reads(elem, accu) || (cond != null && reads(cond, accu))) {
            return null;
        }
        Node value = node(elem);
        Node test = cond == null ? null : node(cond);
        return (f, list) -> {
            if (test == null || bool(test.eval(f))) {
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) list;
                l.add(value.eval(f));
            }
        };
    }

    private static boolean isIdent(CelExpr e, String name) {
        return e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals(name);
    }

    /** True if {@code name} appears as an identifier anywhere in {@code e} (shadowing ignored: over-approximate). */
    private static boolean reads(CelExpr e, String name) {
        return switch (e.getKind()) {
            case IDENT -> e.ident().name().equals(name);
            case SELECT -> reads(e.select().operand(), name);
            case CALL -> (e.call().target().isPresent() && reads(e.call().target().get(), name))
                    || e.call().args().stream().anyMatch(a -> reads(a, name));
            case LIST -> e.list().elements().stream().anyMatch(a -> reads(a, name));
            case MAP -> e.map().entries().stream().anyMatch(en -> reads(en.key(), name) || reads(en.value(), name));
            case STRUCT -> true;
            case COMPREHENSION -> {
                CelExpr.CelComprehension k = e.comprehension();
                yield reads(k.iterRange(), name) || reads(k.accuInit(), name) || reads(k.loopCondition(), name)
                        || reads(k.loopStep(), name) || reads(k.result(), name);
            }
            default -> false;
        };
    }
}
