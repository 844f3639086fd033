package cn.dengbao.sentinel.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.testkit.FactsFixtures;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.OsFamily;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Sshd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dependency analysis, input digests and the memo's hit/miss behaviour on the built-in catalog. */
class RuleMemoTest {

    @TempDir
    Path dir;

    private static final RuleEngine PLAIN = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());

    // ------------------------------------------------------------------ dependency analysis

    private static Set<String> reads(String expr) {
        return CelSupport.compile("test", "pass", expr, false).reads().stream().map(FactInput::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> all() {
        return FactDependencies.all().stream().map(FactInput::key).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void selectsNameSectionsAndFields() {
        assertEquals(Set.of("sshd"), reads("facts.sshd.installed"));
        assertEquals(Set.of("?sshd"), reads("has(facts.sshd)"));
        assertEquals(Set.of("sshd"), reads("has(facts.sshd.options) && 'x' in facts.sshd.options"));
        assertEquals(Set.of("accounts", "accounts.today_days"),
                reads("facts.accounts.accounts.exists(a, a.expire_days >= 0 && a.expire_days < facts.accounts.today_days)"));
        assertEquals(Set.of("password_policy"), reads("facts.password_policy == sentinel.v1.PasswordPolicy{}"));
        assertEquals(Set.of("collection_errors"), reads("size(facts.collection_errors) > 0"));
        // a volatile field alone does not pull in its section, nor the section in the field
        assertEquals(Set.of("host.collected_at_epoch_ms"), reads("facts.host.collected_at_epoch_ms > 0"));
        assertEquals(Set.of("host"), reads("facts.host.access_mode == sentinel.v1.AccessMode.ROOT"));
        assertEquals(Set.of(), reads("params.x == attrs.y"));
        // a section covers its presence; used whole it also reads its volatile fields
        assertEquals(Set.of("sshd"), reads("has(facts.sshd) && facts.sshd.installed"));
        assertEquals(Set.of("host", "host.collected_at_epoch_ms", "host.collection_millis"),
                reads("facts.host != sentinel.v1.HostInfo{}"));
    }

    @Test
    void factsUsedOtherwiseDependsOnEverySection() {
        Set<String> everything = all();
        assertTrue(everything.contains("accounts") && everything.contains("collection_errors")
                && everything.contains("os.uptime_seconds") && !everything.contains("report_id"));
        assertEquals(everything, reads("cel.bind(f, facts, f.sshd.installed)"));
        assertEquals(everything, reads("[facts].size() == 1"));
        assertEquals(everything, reads("facts == facts"));
        assertEquals(everything, reads("dyn(facts).sshd.installed"));
        assertEquals(everything, reads("{'f': facts}['f'].sshd.installed"));
        assertEquals(everything, reads("[facts].exists(x, x.sshd.installed)"));
        assertEquals(everything, reads("(true ? facts : facts).sshd.installed"));
    }

    /** Every facts.a.b the built-in rules mention is covered by the rule's inputs (a textual cross-check). */
    @Test
    void builtInRulesInputsCoverEveryMention() {
        Pattern mention = Pattern.compile("\\bfacts\\.(\\w+)(?:\\.(\\w+))?");
        for (CompiledRule r : RuleCatalog.builtIn().compiled()) {
            if (r.def.isNotApplicableMode()) {
                continue;
            }
            Set<String> keys = r.inputs.stream().map(FactInput::key).collect(Collectors.toSet());
            for (String t : texts(r)) {
                var m = mention.matcher(t);
                while (m.find()) {
                    String section = m.group(1);
                    boolean covered = m.group(2) != null && FactInput.VOLATILE_FIELDS.contains(section + "." + m.group(2))
                            ? keys.contains(section + "." + m.group(2))
                            : keys.contains(section) || (m.group(2) == null && keys.contains("?" + section));
                    assertTrue(covered, r.id() + ": " + m.group() + " not in " + keys);
                }
            }
        }
    }

    @Test
    void reportIdIsALoadError() {
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> reads("facts.report_id != ''"));
        assertTrue(e.getMessage().contains("report_id"), e.getMessage());
        // also through an alias, which the checked types give away
        assertThrows(RuleLoadException.class, () -> reads("cel.bind(f, facts, f.report_id != '')"));
        assertThrows(RuleLoadException.class, () -> reads("has(facts.report_id)"));
    }

    @Test
    void reportIdInARuleFileFailsTheCatalog() throws IOException {
        Files.writeString(dir.resolve("r.yaml"), rule("t-report", "facts.report_id != ''", ""));
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleCatalog.ofDirectory(dir));
        assertTrue(e.getMessage().contains("r.yaml") && e.getMessage().contains("report_id"), e.getMessage());
    }

    @Test
    void engineSideReadsAreInputs() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), rule("t-engine", "facts.sshd.installed",
                "applies_to: [DEBIAN]\nrequires: [sshd, password_policy.login_defs]\n"));
        CompiledRule r = RuleCatalog.ofDirectory(dir).find("t-engine");
        assertEquals(List.of("?password_policy", "collection_errors", "os", "sshd"),
                r.inputs.stream().map(FactInput::key).toList());
    }

    // ------------------------------------------------------------------ digests

    private static String digest(String input, Facts facts) {
        MessageDigest md = CelAstCache.newSha256();
        FactInput.parse(input).digest(facts, md, new FactInput.Scratch());
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void absentDiffersFromPresentButEmpty() {
        Facts absent = FactsFixtures.bare().build();
        Facts empty = absent.toBuilder().setSshd(Sshd.getDefaultInstance()).build();
        for (String in : List.of("sshd", "?sshd")) {
            assertNotEquals(digest(in, absent), digest(in, empty), in);
        }
        Facts noAccounts = FactsFixtures.bare().build();
        Facts emptyAccounts = noAccounts.toBuilder().setAccounts(cn.dengbao.sentinel.proto.Accounts.getDefaultInstance()).build();
        assertNotEquals(digest("accounts.today_days", noAccounts), digest("accounts.today_days", emptyAccounts));
        // and one level down, inside a section: an unset message field vs a set empty one
        Facts noSource = FactsFixtures.debian().build();
        Facts emptySource = noSource.toBuilder().setOs(noSource.getOs().toBuilder().setSource(Source.getDefaultInstance())).build();
        assertNotEquals(digest("os", noSource), digest("os", emptySource));
    }

    @Test
    void mapOrderDoesNotMatterAndVolatileNeighboursAreNotRead() {
        Facts a = FactsFixtures.debian().account("root", 0, "/bin/bash", PasswordState.HASHED).sshd("A", "1").sshd("B", "2").sshd("C", "3").build();
        Facts b = FactsFixtures.debian().sshd("C", "3").sshd("B", "2").sshd("A", "1").build();
        assertEquals(digest("sshd", a), digest("sshd", b));
        Facts.Builder later = a.toBuilder().setReportId("other");
        later.getHostBuilder().setCollectedAtEpochMs(a.getHost().getCollectedAtEpochMs() + 5000).setCollectionMillis(77);
        later.getOsBuilder().setUptimeSeconds(999);
        later.getAccountsBuilder().setTodayDays(a.getAccounts().getTodayDays() + 1);
        for (String in : List.of("host", "os", "accounts")) {
            assertEquals(digest(in, a), digest(in, later.build()), in);
        }
        for (String in : List.of("host.collected_at_epoch_ms", "host.collection_millis", "os.uptime_seconds", "accounts.today_days")) {
            assertNotEquals(digest(in, a), digest(in, later.build()), in);
        }
        later.getHostBuilder().setAccessMode(cn.dengbao.sentinel.proto.AccessMode.ROOT);
        assertNotEquals(digest("host", a), digest("host", later.build()));
    }

    @Test
    void volatileFieldsAreScalarFieldsOfSections() {
        for (String key : FactInput.VOLATILE_FIELDS) {
            FactInput in = FactInput.parse(key);
            assertTrue(FactInput.isSection(in.section()) && !in.field().isRepeated()
                    && in.field().getJavaType() != com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE, key);
        }
    }

    // ------------------------------------------------------------------ hit / miss on the built-in catalog

    private static Facts baseline() {
        FactsFixtures f = FactsFixtures.compliantHost();
        for (int i = 0; i < 32; i++) {
            f.account("user" + i, 2000 + i, i % 3 == 0 ? "/usr/sbin/nologin" : "/bin/bash", PasswordState.HASHED);
        }
        f.builder().getAuditBuilder().setAuditdInstalled(true);
        return f.build();
    }

    private static List<CompiledRule> active() {
        Profile p = Profile.builtIn();
        return RuleCatalog.builtIn().compiled().stream().filter(r -> !p.disabled().contains(r.id())).toList();
    }

    /** All expression texts of a rule, for the textual oracle below. */
    private static List<String> texts(CompiledRule r) {
        RuleDefinition d = r.def;
        List<String> t = new ArrayList<>();
        for (String s : new String[] {d.when(), d.pass(), d.partial(), d.manualWhen(), d.risk().highWhen()}) {
            if (s != null) {
                t.add(s);
            }
        }
        d.evidence().forEach(e -> t.add(e.expr()));
        return t;
    }

    /**
     * An oracle independent of the AST walk: is the rule's finding affected by a change of
     * {@code facts.<section>.<field>}? True when its text mentions that volatile field, or for a stable field any
     * stable field of the section; or uses the section or facts whole; or the engine reads it (applies_to: os,
     * requires: collection_errors).
     */
    private static boolean readsText(CompiledRule r, String section, String field) {
        if (r.def.isNotApplicableMode()) {
            return false;
        }
        if (section.equals("os") && !r.appliesTo.isEmpty()) {
            return true;
        }
        if (section.equals("collection_errors") && !r.def.requires().isEmpty()) {
            return true;
        }
        String volatiles = FactInput.VOLATILE_FIELDS.stream().filter(v -> v.startsWith(section + "."))
                .map(v -> v.substring(section.length() + 1)).collect(Collectors.joining("|"));
        String member = field != null && FactInput.VOLATILE_FIELDS.contains(section + "." + field) ? field
                : volatiles.isEmpty() ? "\\w+" : "(?!(?:" + volatiles + ")\\b)\\w+";
        Pattern p = Pattern.compile("\\bfacts\\." + section + "\\." + member + "\\b"
                + "|(?<!has\\()\\bfacts\\." + section + "(?![\\w.])|\\bfacts(?![\\w.])");
        return texts(r).stream().anyMatch(t -> p.matcher(t).find());
    }

    private static long misses(RuleEngine memo, Facts facts) {
        return misses(memo, facts, Map.of());
    }

    private static long misses(RuleEngine memo, Facts facts, Map<String, String> attrs) {
        long before = memo.memoStats().misses();
        long hitsBefore = memo.memoStats().hits();
        Evaluation got = memo.evaluate(facts, attrs);
        assertEquals(strip(PLAIN.evaluate(facts, attrs)), strip(got));
        long m = memo.memoStats().misses() - before;
        assertEquals(memoised(), m + memo.memoStats().hits() - hitsBefore,
                "one look-up per memoised rule (rules reading the collection time are evaluated every report)");
        return m;
    }

    /** Rules whose finding depends on a field that moves on every report: never looked up in the memo. */
    private static boolean perReport(CompiledRule r) {
        if (r.def.isNotApplicableMode()) {
            return false;
        }
        Pattern p = Pattern.compile("\\bfacts\\.(host\\.(collected_at_epoch_ms|collection_millis)|os\\.uptime_seconds)\\b"
                + "|(?<!has\\()\\bfacts\\.(host|os)(?![\\w.])|\\bfacts(?![\\w.])");
        return texts(r).stream().anyMatch(t -> p.matcher(t).find());
    }

    private static long memoised() {
        return active().stream().filter(r -> !perReport(r)).count();
    }

    private static Evaluation strip(Evaluation e) {
        return e.toBuilder().clearEvaluatedAtEpochMs().build();
    }

    /** Memo misses expected when {@code facts.<section>.<field>} changes: the memoised rules that read it. */
    private static long expected(String section, String field) {
        return active().stream().filter(r -> !perReport(r) && readsText(r, section, field)).count();
    }

    private static Facts edit(Facts f, Consumer<Facts.Builder> e) {
        Facts.Builder b = f.toBuilder();
        e.accept(b);
        return b.build();
    }

    @Test
    void aChangeReEvaluatesExactlyTheRulesThatReadIt() {
        RuleEngine memo = PLAIN.withMemo(10_000);
        Facts base = baseline();
        assertEquals(memoised(), misses(memo, base));
        assertEquals(0, misses(memo, base));

        // next report of the same host: new id and collection time; the rules reading collected_at are evaluated
        // again without a memo look-up, every other rule hits, and the memo does not grow
        Facts next = edit(base, b -> {
            b.setReportId("r2");
            b.getHostBuilder().setCollectedAtEpochMs(base.getHost().getCollectedAtEpochMs() + 60_000).setCollectionMillis(123);
            b.getOsBuilder().setUptimeSeconds(86_400);
        });
        long collectedAtReaders = active().stream().filter(RuleMemoTest::perReport).count();
        assertEquals(3, collectedAtReaders, "last-update-age, patch-status-manual, antimalware-signatures");
        assertEquals(active().size() - 3, memoised());
        int size = memo.memoStats().size();
        assertEquals(0, misses(memo, next));
        for (int i = 1; i <= 5; i++) {
            long t = base.getHost().getCollectedAtEpochMs() + i * 3_600_000L;
            assertEquals(0, misses(memo, edit(next, b -> b.getHostBuilder().setCollectedAtEpochMs(t))));
        }
        assertEquals(size, memo.memoStats().size(), "per-report inputs leave no entries behind");

        // the daily case
        Facts tomorrow = edit(next, b -> b.getAccountsBuilder().setTodayDays(base.getAccounts().getTodayDays() + 1));
        long todayReaders = expected("accounts", "today_days");
        assertTrue(todayReaders > 0);
        assertEquals(todayReaders, misses(memo, tomorrow));

        Facts sshd = edit(tomorrow, b -> b.getSshdBuilder().putOptions("maxauthtries",
                FactsFixtures.setting("maxauthtries", "10", "/etc/ssh/sshd_config")));
        assertEquals(expected("sshd", "options"), misses(memo, sshd));

        Facts pam = edit(sshd, b -> b.getPamBuilder().getStacksBuilder(0).setService("other"));
        assertEquals(expected("pam", "stacks"), misses(memo, pam));

        Facts audit = edit(pam, b -> b.getAuditBuilder().setAuditdEnabled(true));
        assertEquals(expected("audit", "auditd_enabled"), misses(memo, audit));

        Facts rhel = edit(audit, b -> b.getOsBuilder().setFamily(OsFamily.RHEL));
        assertEquals(expected("os", "family"), misses(memo, rhel));

        Facts error = edit(rhel, b -> b.addCollectionErrors(cn.dengbao.sentinel.proto.CollectionError.newBuilder()
                .setFact("pam").setKind(ErrorKind.PERMISSION_DENIED)));
        assertEquals(expected("collection_errors", null), misses(memo, error));

        // back to a state seen before: everything is remembered
        assertEquals(0, misses(memo, base));
    }

    @Test
    void absentAndEmptySectionsAreDifferentKeys() {
        RuleEngine memo = PLAIN.withMemo(10_000);
        Facts absent = edit(baseline(), Facts.Builder::clearSshd);
        Facts empty = edit(absent, b -> b.setSshd(Sshd.getDefaultInstance()));
        misses(memo, absent);
        long readers = active().stream().filter(r -> r.inputs.stream().anyMatch(i -> i.section().getName().equals("sshd")))
                .count();
        assertEquals(readers, misses(memo, empty));
        assertEquals(0, misses(memo, absent));
    }

    @Test
    void attributesAreInEveryKey() {
        RuleEngine memo = PLAIN.withMemo(10_000);
        Facts f = baseline();
        misses(memo, f, Map.of());
        assertEquals(memoised(), misses(memo, f, Map.of("internet_facing", "true")));
        assertEquals(0, misses(memo, f, Map.of()));
        // an explicit default is the same attribute set as none at all
        assertEquals(0, misses(memo, f, Map.of("internet_facing", "false")));
    }

    @Test
    void capacityIsABound() {
        for (int cap : new int[] {1, 7, 100}) {
            RuleEngine memo = PLAIN.withMemo(cap);
            Facts f = baseline();
            for (int day = 0; day < 5; day++) {
                long d = day;
                misses(memo, edit(f, b -> b.getAccountsBuilder().setTodayDays(f.getAccounts().getTodayDays() + d)));
                assertTrue(memo.memoStats().size() <= cap, cap + ": " + memo.memoStats());
            }
            assertEquals(cap, memo.memoStats().capacity());
        }
        assertThrows(IllegalArgumentException.class, () -> PLAIN.withMemo(0));
    }

    @Test
    void plainEngineHasNoMemo() {
        PLAIN.evaluate(baseline(), Map.of());
        assertEquals(new RuleEngine.MemoStats(0, 0, 0, 0), PLAIN.memoStats());
    }

    @Test
    void ruleUsingFactsWholeIsEvaluatedOnEveryReport() throws IOException {
        Files.writeString(dir.resolve("w.yaml"), rule("t-whole", "cel.bind(f, facts, f.sshd.installed)", ""));
        Files.writeString(dir.resolve("s.yaml"), rule("t-sshd", "facts.sshd.installed", ""));
        RuleEngine memo = new RuleEngine(RuleCatalog.ofDirectory(dir), Profile.empty()).withMemo(100);
        Facts f = baseline();
        memo.evaluate(f, Map.of());
        assertEquals(new RuleEngine.MemoStats(0, 1, 1, 100), memo.memoStats(),
                "facts used whole includes the collection time: that rule is evaluated every report, never memoised");
        memo.evaluate(edit(f, b -> b.setBackup(cn.dengbao.sentinel.proto.Backup.getDefaultInstance())), Map.of());
        assertEquals(new RuleEngine.MemoStats(1, 1, 1, 100), memo.memoStats(), "t-sshd does not read backup");
        Facts noSshd = edit(f, b -> b.getSshdBuilder().setInstalled(!f.getSshd().getInstalled()));
        assertEquals(plainOf(noSshd), memo.evaluate(noSshd, Map.of()).toBuilder().clearEvaluatedAtEpochMs().build());
    }

    private Evaluation plainOf(Facts f) {
        return new RuleEngine(RuleCatalog.ofDirectory(dir), Profile.empty()).evaluate(f, Map.of()).toBuilder()
                .clearEvaluatedAtEpochMs().build();
    }

    private static String rule(String id, String pass, String extra) {
        return "id: " + id + "\nclause: 8.1.4.1a\ncontrol: 身份鉴别\ntitle: 测试\n" + extra
                + "pass: \"" + pass.replace("\"", "\\\"") + "\"\nmessages:\n  fail: 不符合\nremediation: 修复\n";
    }
}
