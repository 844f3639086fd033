package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.FactsProto;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelContainer;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructTypeReference;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;

/**
 * The one CEL environment every rule expression is compiled in: {@code facts} (sentinel.v1.Facts),
 * {@code params} (map(string, dyn)) and {@code attrs} (map(string, string)), the sentinel.v1 container so
 * enums can be written {@code OsFamily.DEBIAN}, and the strings/lists/sets/math/bindings extensions.
 * Built once per JVM; compiled programs are immutable and safe to share between threads.
 */
final class CelSupport {

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .build();

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addFileTypes(FactsProto.getDescriptor())
            .addMessageTypes(Facts.getDescriptor())
            .setContainer(CelContainer.ofName("sentinel.v1"))
            .addVar("facts", StructTypeReference.create(Facts.getDescriptor().getFullName()))
            .addVar("params", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("attrs", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addFunctionDeclarations(
                    CelFunctionDecl.newFunctionDeclaration("octal",
                            CelOverloadDecl.newGlobalOverload("octal_string", SimpleType.INT, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("modeWithin",
                            CelOverloadDecl.newGlobalOverload("mode_within_int_int", SimpleType.BOOL,
                                    SimpleType.INT, SimpleType.INT)),
                    CelFunctionDecl.newFunctionDeclaration("duplicates",
                            CelOverloadDecl.newGlobalOverload("duplicates_list", MapType.create(SimpleType.DYN, SimpleType.BOOL),
                                    dev.cel.common.types.ListType.create(SimpleType.DYN))))
            .addFunctionBindings(
                    CelFunctionBinding.from("octal_string", String.class, CelSupport::octal),
                    CelFunctionBinding.from("mode_within_int_int", Long.class, Long.class,
                            (mode, max) -> (mode & ~max & 07777L) == 0),
                    CelFunctionBinding.from("duplicates_list", List.class, CelSupport::duplicates))
            .addCompilerLibraries(CelExtensions.strings(), CelExtensions.bindings(), CelExtensions.lists(),
                    CelExtensions.sets(OPTIONS), CelExtensions.math(OPTIONS))
            .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.lists(),
                    CelExtensions.sets(OPTIONS), CelExtensions.math(OPTIONS))
            .build();

    /**
     * Bump whenever the declarations, macros, extensions or options above change: it is part of every
     * {@link CelAstCache} key, with the Facts schema, so ASTs checked in another environment are never reused.
     */
    private static final String ENV_VERSION = "sentinel-cel-env-2";

    /** Checked ASTs from earlier runs; null when disabled ({@code -Dsentinel.cel.cache=false}). */
    private static volatile CelAstCache cache;
    private static volatile boolean cacheOpened;

    private CelSupport() {}

    /** Environment identity for cache keys: our version tag, the CEL options and the Facts descriptors. */
    static byte[] envFingerprint() {
        java.security.MessageDigest md = CelAstCache.newSha256();
        md.update(ENV_VERSION.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update(OPTIONS.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update(String.valueOf(CelFactory.class.getPackage().getImplementationVersion()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<com.google.protobuf.Descriptors.FileDescriptor> todo = new java.util.ArrayDeque<>();
        todo.add(FactsProto.getDescriptor());
        while (!todo.isEmpty()) {
            com.google.protobuf.Descriptors.FileDescriptor fd = todo.poll();
            if (seen.add(fd.getName())) {
                md.update(fd.toProto().toByteArray());
                todo.addAll(fd.getDependencies());
            }
        }
        return md.digest();
    }

    private static CelAstCache cache() {
        if (!cacheOpened) {
            synchronized (CelSupport.class) {
                if (!cacheOpened) {
                    if (!"false".equalsIgnoreCase(System.getProperty("sentinel.cel.cache"))) {
                        try {
                            cache = CelAstCache.forUser(envFingerprint());
                        } catch (RuntimeException e) {
                            cache = null; // no cache: compile everything, as without one
                        }
                    }
                    cacheOpened = true;
                }
            }
        }
        return cache;
    }

    /** Replaces the cache (tests); null disables it. Returns the previous one. */
    static synchronized CelAstCache useCache(CelAstCache c) {
        cache();
        CelAstCache prev = cache;
        cache = c;
        return prev;
    }

    /** Writes ASTs checked during this load for the next run. Called once a catalog has loaded. */
    static void saveCache() {
        CelAstCache c = cache();
        if (c != null) {
            c.save();
        }
    }

    /**
     * {@code octal('0640')} → 416. CEL has no octal literals and no bitwise operators, so permission checks use
     * this and {@code modeWithin(mode, max)}: true when mode sets no permission bit that max does not.
     */
    static Long octal(String s) throws CelEvaluationException {
        String t = s.strip();
        if (!t.matches("^[0-7]{1,5}$")) {
            throw new CelEvaluationException("octal(): 不是八进制数：" + s);
        }
        return Long.parseLong(t, 8);
    }

    /**
     * {@code duplicates(list)}: the values that occur more than once, as a map to true, so {@code x in d} is one
     * look-up. In one pass with a hash set: the lists extension's {@code distinct()} compares every value with every
     * kept one, which took 72 s for 16 000 accounts (a host may report as many as its passwd holds).
     */
    static Map<Object, Boolean> duplicates(List<?> values) {
        java.util.Set<Object> seen = new java.util.HashSet<>(values.size() * 2);
        Map<Object, Boolean> dup = new java.util.LinkedHashMap<>();
        for (Object v : values) {
            if (!seen.add(v)) {
                dup.put(v, Boolean.TRUE);
            }
        }
        return dup;
    }

    /**
     * Whether expressions run in their {@link FastCel} form where they have one ({@code -Dsentinel.cel.fast=false}
     * keeps every expression on the interpreter; tests compare both).
     */
    private static volatile boolean fastEnabled = !"false".equalsIgnoreCase(System.getProperty("sentinel.cel.fast"));

    /** Switches the fast form on or off (tests, benchmarks); returns the previous setting. */
    static boolean useFast(boolean on) {
        boolean prev = fastEnabled;
        fastEnabled = on;
        return prev;
    }

    /**
     * What an expression is evaluated over: the CEL activation for the interpreter, and the same three variables
     * with the per-report {@link FastCel.Activation} for the fast form.
     */
    record Vars(Map<String, Object> map, FastCel.Activation act, Object params, Object attrs) {
        static Vars of(Object facts, Map<String, Object> params, Map<String, String> attrs, FastCel.Activation act) {
            return new Vars(Map.of("facts", facts, "params", params, "attrs", attrs), act, params, attrs);
        }
    }

    /**
     * A compiled expression together with its text and the YAML field it came from, for error messages, and the
     * parts of the facts it reads (see {@link FactDependencies}), which key the engine's memo. {@code fast} is its
     * {@link FastCel} form, null where the expression uses something that form does not cover.
     */
    record Expr(String field, String text, CelRuntime.Program program, java.util.Set<FactInput> reads,
                FastCel.Program fast) {
        /** On the interpreter only: the reference evaluation. */
        Object eval(Map<String, ?> vars) throws CelEvaluationException {
            return program.eval(vars);
        }

        /**
         * The fast form when it decides the value; otherwise (any error or a case it leaves to CEL) the interpreter,
         * so values and error texts are CEL's own.
         */
        Object eval(Vars v) throws CelEvaluationException {
            if (fast != null && fastEnabled) {
                try {
                    return fast.eval(v.act(), v.params(), v.attrs());
                } catch (RuntimeException e) {
                    // FastCel.Bail, or anything unexpected: the interpreter decides
                }
            }
            return program.eval(v.map());
        }

        boolean evalBool(Map<String, ?> vars) throws CelEvaluationException {
            return bool(program.eval(vars));
        }

        boolean evalBool(Vars v) throws CelEvaluationException {
            return bool(eval(v));
        }

        private boolean bool(Object v) throws CelEvaluationException {
            if (v instanceof Boolean b) {
                return b;
            }
            throw new CelEvaluationException(field + " 表达式结果不是布尔值：" + (v == null ? "null" : v.getClass().getSimpleName()));
        }
    }

    /**
     * Compiles one expression. {@code mustBeBool} rejects expressions whose static type is neither bool nor dyn.
     * Throws {@link RuleLoadException} naming the origin file, the field and the expression.
     */
    static Expr compile(String origin, String field, String text, boolean mustBeBool) {
        CelAstCache c = cache();
        CelAbstractSyntaxTree ast = c == null ? null : c.get(text).orElse(null);
        if (ast == null) {
            ast = check(origin, field, text);
            if (c != null) {
                c.put(text, ast);
            }
        }
        if (mustBeBool) {
            CelKind kind = ast.getResultType().kind();
            if (kind != CelKind.BOOL && kind != CelKind.DYN) {
                throw new RuleLoadException(origin + ": " + field + ": 表达式必须为布尔类型，实际为 "
                        + ast.getResultType().name() + " `" + text + "`");
            }
        }
        java.util.Set<FactInput> reads;
        try {
            reads = FactDependencies.of(ast);
        } catch (IllegalArgumentException e) {
            throw new RuleLoadException(origin + ": " + field + ": " + e.getMessage() + " `" + text + "`", e);
        }
        try {
            return new Expr(field, text, CEL.createProgram(ast), reads, FastCel.compile(ast, OPTIONS));
        } catch (CelEvaluationException e) {
            throw new RuleLoadException(origin + ": " + field + ": CEL 程序创建失败 `" + text + "`: " + e.getMessage(), e);
        }
    }

    /** Parses and type-checks; the slow part a cache hit skips. */
    private static CelAbstractSyntaxTree check(String origin, String field, String text) {
        CelValidationResult result = CEL.compile(text);
        try {
            return result.getAst();
        } catch (CelValidationException e) {
            throw new RuleLoadException(origin + ": " + field + ": CEL 编译失败 `" + text + "`: " + result.getErrorString(), e);
        } catch (RuntimeException e) {
            throw new RuleLoadException(origin + ": " + field + ": CEL 编译失败 `" + text + "`: " + e.getMessage(), e);
        }
    }
}
