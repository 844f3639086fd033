package cn.dengbao.sentinel.collector.store;

import static cn.dengbao.sentinel.collector.store.Fixtures.day;
import static cn.dengbao.sentinel.collector.store.Fixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract, run against every supported database: H2 always ({@link H2StoreTest}), PostgreSQL when
 * SENTINEL_TEST_PG_URL is set ({@link PostgresStoreTest}).
 */
abstract class StoreContractTest {
    protected Store store;

    /** Opens a fresh, empty store (a new database or schema). */
    protected abstract Store openFresh() throws Exception;

    /** Opens the same database {@link #openFresh} opened again (a second collector, a restart). */
    protected abstract Store reopen();

    /** A plain JDBC connection to that database. */
    protected abstract java.sql.Connection connect() throws java.sql.SQLException;

    @BeforeEach
    void open() throws Exception {
        store = openFresh();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private Host host(String id, String group) {
        return store.hosts().upsert(Host.of(id, "name-" + id, group, Host.SOURCE_AGENT));
    }

    private ScanRecord scan(String hostId, String reportId, int day, Object... verdicts) {
        Facts f = Fixtures.facts(hostId, reportId, day(day));
        return store.scans().recordScan(hostId, reportId, f,
                Fixtures.eval(hostId, reportId, verdicts(verdicts)), "schedule");
    }

    private long count(String sql) {
        return store.db().tx("count", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private void exec(String sql) {
        store.db().tx("exec", c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        });
    }

    // ------------------------------------------------------------------ migrations

    @Test
    void migrationsRecordVersionAndReRunIsNoop() {
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 9), store.appliedMigrations());
        store.close();
        store = reopen();
        assertEquals(List.of(), store.appliedMigrations());
        assertEquals(7, count("SELECT COUNT(*) FROM schema_version"));
        assertEquals(0, count("SELECT COUNT(*) FROM audit_log"));
    }

    @Test
    void concurrentOpenMigratesOnce() throws Exception {
        store.close();
        store = null;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Store>> opened = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opened.add(pool.submit(this::reopen));
            }
            List<Store> stores = new ArrayList<>();
            for (Future<Store> f : opened) {
                stores.add(f.get());
            }
            store = stores.get(0);
            assertEquals(7, count("SELECT COUNT(*) FROM schema_version"));
            for (Store s : stores.subList(1, stores.size())) {
                s.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failedMigrationRollsBackItselfOnlyAndReleasesTheLock() throws Exception {
        try (java.sql.Connection c = connect()) {
            java.sql.SQLException e = assertThrows(java.sql.SQLException.class,
                    () -> Migrations.migrate(c, store.dialect(), "db/test-migration/"));
            assertTrue(e.getMessage().contains("V103"), e.getMessage());
            assertEquals(List.of(1L, 2L), store.db().tx("read", x -> Db.query(x, "SELECT x FROM mig_a ORDER BY x",
                    rs -> rs.getLong(1))));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 9L, 101L, 102L), store.db().tx("read", x -> Db.query(x,
                    "SELECT version FROM schema_version ORDER BY version", rs -> rs.getLong(1))));
            // the lock is free again: another collector can start while this connection is still open
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> reopen().close());
            e = assertThrows(java.sql.SQLException.class,
                    () -> Migrations.migrate(c, store.dialect(), "db/test-migration/"));
            assertTrue(e.getMessage().contains("V103"), "only the failed migration is retried: " + e.getMessage());
            assertEquals(2, count("SELECT COUNT(*) FROM mig_a"));
        }
    }

    // ------------------------------------------------------------------ hosts, agents, tokens

    @Test
    void hostsUpsertAttributesAndGroups() {
        host("h1", "gov-a");
        host("h2", "gov-b");
        Host again = store.hosts().upsert(Host.of("h1", "name-h1", null, null).withOs("Kylin V10", "4.19"));
        assertEquals("gov-a", again.group(), "null group keeps the stored one");
        assertEquals("Kylin V10", again.osPretty());
        Map<String, String> attrs = store.hosts().setAttributes("h1", Map.of("internet_facing", "true"));
        assertEquals(Map.of("internet_facing", "true"), attrs);
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("internet_facing", null);
        changes.put("mfa_bastion", "true");
        assertEquals(Map.of("mfa_bastion", "true"), store.hosts().setAttributes("h1", changes));
        assertEquals(Map.of("mfa_bastion", "true"), store.hosts().byName("name-h1").orElseThrow().attributes());
        assertEquals(List.of("h1"), store.hosts().list("gov-a").stream().map(Host::id).toList());
        assertEquals(2, store.hosts().list(null).size());
        Host ensured = store.hosts().ensure("ssh-box", "gov-a", Host.SOURCE_SSH);
        assertEquals(ensured.id(), store.hosts().ensure("ssh-box", "gov-b", Host.SOURCE_SSH).id());
        assertEquals(ensured.id(), store.hosts().find("ssh-box").orElseThrow().id());
    }

    @Test
    void agentsEnrollCheckAndRevoke() {
        host("h1", "g");
        store.agents().enroll("a1", "h1", "01", "aa".repeat(32), "0.1.0", "127.0.0.1");
        assertTrue(store.agents().isActive("a1", "aa".repeat(32)));
        assertFalse(store.agents().isActive("a1", "bb".repeat(32)), "another certificate is refused");
        store.agents().touch("a1", Instant.now(), "127.0.0.2", null);
        assertEquals("127.0.0.2", store.agents().byId("a1").orElseThrow().ip());
        assertTrue(store.agents().revoke("a1"));
        assertFalse(store.agents().isActive("a1", "aa".repeat(32)));
        assertFalse(store.agents().revoke("a1"));
    }

    /** One agent record: the agent's row with its host's name, OS and group, as the enrolment registry shows it. */
    @Test
    void agentsCarryTheirHostsNameOsAndGroup() {
        store.hosts().upsert(Host.of("h1", "web-01", "gov-a", Host.SOURCE_AGENT).withOs("openEuler 22.03", "5.10"));
        store.agents().enroll("a1", "h1", "01", "aa".repeat(32), "0.1.0", "127.0.0.1");
        AgentRecord a = store.agents().byId("a1").orElseThrow();
        assertEquals("h1", a.hostId());
        assertEquals("web-01", a.hostname());
        assertEquals("openEuler 22.03", a.osPrettyName());
        assertEquals("gov-a", a.group());
        assertFalse(a.revoked());
        assertTrue(store.agents().revoke("a1"));
        assertTrue(store.agents().list().get(0).revoked());
    }

    @Test
    void tokensAreSingleUseAndExpire() {
        store.tokens().create("11".repeat(32), "gov-a", Duration.ofHours(1), 1);
        store.tokens().create("22".repeat(32), "gov-a", Duration.ofMillis(-1), 1);
        TokenRepository.Consumption ok = store.tokens().consume("11".repeat(32));
        assertTrue(ok.accepted());
        assertEquals("gov-a", ok.group());
        assertEquals("token already used", store.tokens().consume("11".repeat(32)).refusal());
        assertEquals("token expired", store.tokens().consume("22".repeat(32)).refusal());
        assertEquals("unknown token", store.tokens().consume("33".repeat(32)).refusal());
    }

    // ------------------------------------------------------------------ scans and lifecycle

    @Test
    void lifecycleFailFailPassFail() {
        host("h1", "g");
        long s1 = scan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.PASS).scanId();
        scan("h1", "r2", 1, "a1", Status.PARTIAL, "b1", Status.PASS);
        FindingRecord f = store.findings().get("h1", "a1").orElseThrow();
        assertTrue(f.open());
        assertEquals(day(0), f.firstSeenAt());
        assertEquals(day(1), f.lastSeenAt());
        assertEquals(Status.PARTIAL, f.status());
        assertNull(f.fixedAt());
        assertTrue(store.findings().get("h1", "b1").isEmpty(), "a rule that always passed has no finding");

        scan("h1", "r3", 2, "a1", Status.PASS, "b1", Status.PASS);
        f = store.findings().get("h1", "a1").orElseThrow();
        assertFalse(f.open());
        assertEquals(day(2), f.fixedAt());
        assertEquals(Risk.HIGH, f.risk(), "a fixed finding keeps the risk it had");
        assertTrue(store.findings().current("h1").isEmpty());

        long s4 = scan("h1", "r4", 3, "a1", Status.FAIL, "b1", Status.PASS).scanId();
        f = store.findings().get("h1", "a1").orElseThrow();
        assertTrue(f.open());
        assertNull(f.fixedAt(), "reopening clears fixed_at");
        assertEquals(day(0), f.firstSeenAt());
        assertEquals(day(3), f.openedAt());
        assertEquals(1, f.reopenCount());
        assertEquals(s4, f.lastScanId());
        assertNotEquals(s1, s4);

        List<String> kinds = store.findings().history("h1", "a1").stream()
                .map(e -> e.kind() + ":" + e.fromStatus() + ">" + e.toStatus()).toList();
        assertEquals(List.of("opened:null>FAIL", "status:FAIL>PARTIAL", "fixed:PARTIAL>PASS",
                "reopened:PASS>FAIL"), kinds);
        assertEquals(List.of("a1"), store.findings().current("h1").stream().map(FindingRecord::ruleId).toList());
    }

    @Test
    void repeatedVerdictsShareTheFirstScansResultRows() {
        host("h1", "g");
        long s1 = scan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.PASS).scanId();
        long s2 = scan("h1", "r2", 1, "a1", Status.FAIL, "b1", Status.PASS).scanId();
        long s3 = scan("h1", "r3", 2, "a1", Status.FAIL, "b1", Status.PASS).scanId();
        assertEquals(2, count("SELECT COUNT(*) FROM scan_results"), "the repeats wrote no result rows");
        assertEquals(s1, count("SELECT results_scan_id FROM scans WHERE id = " + s3), "chains point at the origin");
        List<ScanResult> r3 = store.scans().results(s3);
        assertEquals(List.of("a1", "b1"), r3.stream().map(ScanResult::ruleId).toList());
        assertTrue(r3.stream().allMatch(r -> r.scanId() == s3), "shared rows are reported under the scan's own id");
        assertEquals(store.scans().results(s1).stream().map(r -> r.status() + r.message()).toList(),
                r3.stream().map(r -> r.status() + r.message()).toList());
        assertEquals(2, store.scans().evaluation(s2).orElseThrow().getFindingsCount());

        long s4 = scan("h1", "r4", 3, "a1", Status.PASS, "b1", Status.PASS).scanId();
        long s5 = scan("h1", "r5", 4, "a1", Status.FAIL, "b1", Status.PASS).scanId();
        assertEquals(6, count("SELECT COUNT(*) FROM scan_results"),
                "a changed verdict writes its rows; only the newest scan is compared, so s5 does not reuse s1");
        assertEquals(Status.PASS, store.scans().results(s4).get(0).status());
        assertEquals(Status.FAIL, store.scans().results(s5).get(0).status());
        assertEquals(List.of("opened", "fixed", "reopened"),
                store.findings().history("h1", "a1").stream().map(FindingEvent::kind).toList());
        // an operator decision on a rule whose newest scan shares rows still finds the result
        FindingRecord b = store.findings().decide("h1", "b1", Decision.NOT_APPLICABLE, "无此业务", "ops-li");
        assertEquals(Status.PASS, b.status());
    }

    @Test
    void sameVerdictAgainOnlyAdvancesLastSeenWithoutEvents() {
        host("h1", "g");
        scan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.PASS, "c1", Status.MANUAL);
        scan("h1", "r2", 1, "a1", Status.PASS, "b1", Status.FAIL, "c1", Status.MANUAL);
        long events = count("SELECT COUNT(*) FROM finding_events");
        long s3 = scan("h1", "r3", 2, "a1", Status.PASS, "b1", Status.FAIL, "c1", Status.MANUAL).scanId();
        long s4 = scan("h1", "r4", 3, "a1", Status.PASS, "b1", Status.FAIL, "c1", Status.MANUAL).scanId();
        assertEquals(events, count("SELECT COUNT(*) FROM finding_events"), "nothing changed: no event");
        FindingRecord a = store.findings().get("h1", "a1").orElseThrow();
        FindingRecord b = store.findings().get("h1", "b1").orElseThrow();
        assertFalse(a.open());
        assertEquals(day(1), a.fixedAt());
        assertEquals(s4, a.lastScanId(), "a fixed finding re-checked as passing records the scan");
        assertEquals(day(0), a.lastSeenAt(), "a passing verdict does not see the failure");
        assertTrue(b.open());
        assertEquals(day(1), b.openedAt());
        assertEquals(day(3), b.lastSeenAt());
        assertEquals(s4, b.lastScanId());
        assertNotEquals(s3, s4);
        assertTrue(store.findings().get("h1", "c1").isEmpty(), "a manual verdict opens nothing");
        // a late resend of an older collection does not move last_seen back
        scan("h1", "r0", 0, "a1", Status.PASS, "b1", Status.FAIL, "c1", Status.MANUAL);
        assertEquals(day(3), store.findings().get("h1", "b1").orElseThrow().lastSeenAt());
        assertEquals(s4, store.findings().get("h1", "b1").orElseThrow().lastScanId());
    }

    /**
     * Sharing result rows and the one-statement "seen again" path must leave findings exactly as the full
     * lifecycle does: host A's scans repeat verdicts (and share), host B gets the same verdicts plus a rule whose
     * message differs every scan (so it never shares and always runs the full lifecycle). Late resends and
     * operator decisions are mixed in.
     */
    @Test
    void sharingAndSeenAgainMatchTheFullLifecycle() {
        host("ha", "g");
        host("hb", "g");
        java.util.Random rnd = new java.util.Random(42);
        Status[] choices = {Status.FAIL, Status.PARTIAL, Status.PASS, Status.MANUAL, Status.ERROR, Status.NOT_APPLICABLE};
        String[] rules = {"a1", "b1", "c1"};
        Status[] current = {Status.FAIL, Status.PASS, Status.MANUAL};
        Map<Long, Integer> stepOf = new java.util.HashMap<>();
        for (int step = 1; step <= 60; step++) {
            for (int r = 0; r < rules.length; r++) {
                if (rnd.nextInt(4) == 0) {
                    current[r] = choices[rnd.nextInt(choices.length)];
                }
            }
            boolean late = step > 3 && rnd.nextInt(8) == 0;
            int day = late ? step - 3 : step;
            List<Object> verdicts = new ArrayList<>();
            for (int r = 0; r < rules.length; r++) {
                verdicts.add(rules[r]);
                verdicts.add(current[r]);
            }
            var evA = Fixtures.eval("ha", "ra" + step, verdicts(verdicts.toArray()));
            var evB = Fixtures.eval("hb", "rb" + step, verdicts(verdicts.toArray())).toBuilder()
                    .addFindings(Fixtures.finding("zz", Status.PASS).toBuilder().setMessage("scan " + step)).build();
            stepOf.put(store.scans().recordScan("ha", "ra" + step, Fixtures.facts("ha", "ra" + step, day(day)), evA,
                    "schedule").scanId(), step);
            stepOf.put(store.scans().recordScan("hb", "rb" + step, Fixtures.facts("hb", "rb" + step, day(day)), evB,
                    "schedule").scanId(), step);
            if (step % 17 == 0) {
                for (String h : new String[] {"ha", "hb"}) {
                    store.findings().decide(h, "b1", Decision.ACCEPTED_RISK, "补偿措施", "ops-li");
                }
            }
        }
        assertTrue(count("SELECT COUNT(*) FROM scans WHERE results_scan_id IS NOT NULL AND host_id = 'ha'") > 10,
                "the sequence exercises sharing");
        for (String rule : rules) {
            Optional<FindingRecord> a = store.findings().get("ha", rule);
            Optional<FindingRecord> b = store.findings().get("hb", rule);
            assertEquals(b.isPresent(), a.isPresent(), rule);
            if (a.isEmpty()) {
                continue;
            }
            FindingRecord x = a.get();
            FindingRecord y = b.get();
            assertEquals(List.of(y.status(), y.open(), y.firstSeenAt(), y.openedAt(), y.lastSeenAt(),
                            String.valueOf(y.fixedAt()), y.reopenCount(), stepOf.get(y.lastScanId())),
                    List.of(x.status(), x.open(), x.firstSeenAt(), x.openedAt(), x.lastSeenAt(),
                            String.valueOf(x.fixedAt()), x.reopenCount(), stepOf.get(x.lastScanId())), rule);
            assertEquals(store.findings().history("hb", rule).stream()
                            .map(e -> e.kind() + ":" + e.fromStatus() + ">" + e.toStatus() + "@" + stepOf.get(e.scanId())).toList(),
                    store.findings().history("ha", rule).stream()
                            .map(e -> e.kind() + ":" + e.fromStatus() + ">" + e.toStatus() + "@" + stepOf.get(e.scanId())).toList(),
                    rule);
        }
        for (long scanId : stepOf.keySet()) {
            List<ScanResult> rs = store.scans().results(scanId);
            assertTrue(rs.stream().allMatch(r -> r.scanId() == scanId));
        }
    }

    @Test
    void manualOrErrorDoesNotCloseOrAdvance() {
        host("h1", "g");
        scan("h1", "r1", 0, "a1", Status.FAIL);
        scan("h1", "r2", 1, "a1", Status.ERROR);
        FindingRecord f = store.findings().get("h1", "a1").orElseThrow();
        assertTrue(f.open());
        assertEquals(day(0), f.lastSeenAt(), "an ERROR verdict did not see the failure");
        assertEquals(Status.ERROR, f.status());
        scan("h1", "r3", 2, "a1", Status.NOT_APPLICABLE);
        assertEquals(day(2), store.findings().get("h1", "a1").orElseThrow().fixedAt());
    }

    @Test
    void lateOlderReportIsHistoryOnly() {
        host("h1", "g");
        scan("h1", "r2", 2, "a1", Status.PASS);
        scan("h1", "r3", 3, "a1", Status.FAIL);
        scan("h1", "r1", 1, "a1", Status.PASS); // spooled report delivered late
        FindingRecord f = store.findings().get("h1", "a1").orElseThrow();
        assertTrue(f.open(), "an older scan must not close a finding a newer scan opened");
        assertEquals(3, store.scans().list("h1", 0).size());
        assertEquals("r3", store.scans().latest("h1").orElseThrow().reportId());
    }

    @Test
    void resendIsIdempotent() {
        host("h1", "g");
        ScanRecord first = scan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.PASS);
        assertTrue(first.isNew());
        ScanRecord again = scan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.PASS);
        assertFalse(again.isNew());
        assertEquals(first.scanId(), again.scanId());
        assertEquals(1, count("SELECT COUNT(*) FROM scans"));
        assertEquals(1, count("SELECT COUNT(*) FROM reports"));
        assertEquals(2, count("SELECT COUNT(*) FROM scan_results"));
        assertEquals(1, count("SELECT COUNT(*) FROM finding_events"));
        assertFalse(store.reports().storeReport("h1", "r1", "schedule", Fixtures.facts("h1", "r1", day(0))));
    }

    // ------------------------------------------------------------------ group commit (recordScans)

    private NewScan newScan(String hostId, String reportId, int day, Object... verdicts) {
        return new NewScan(hostId, reportId, Fixtures.facts(hostId, reportId, day(day)),
                Fixtures.eval(hostId, reportId, verdicts(verdicts)), "schedule");
    }

    @Test
    void batchWithTheSameReportTwiceStoresItOnce() {
        host("h1", "g");
        List<ScanRecord> r = store.scans().recordScans(List.of(
                newScan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.PASS),
                newScan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.PASS)));
        assertEquals(2, r.size());
        assertTrue(r.get(0).isNew());
        assertFalse(r.get(1).isNew(), "the repeat inside the batch is a resend");
        assertEquals(r.get(0).scanId(), r.get(1).scanId());
        assertEquals(1, count("SELECT COUNT(*) FROM scans"));
        assertEquals(1, count("SELECT COUNT(*) FROM reports"));
        assertEquals(2, count("SELECT COUNT(*) FROM scan_results"));
        assertEquals(1, count("SELECT COUNT(*) FROM finding_events"));
    }

    @Test
    void batchAppliesOneHostsScansInOrder() {
        host("h1", "g");
        host("h2", "g");
        // h1: fail, partial, pass, fail again — interleaved with another host, all in one transaction
        List<ScanRecord> r = store.scans().recordScans(List.of(
                newScan("h1", "r1", 0, "a1", Status.FAIL),
                newScan("h2", "x1", 0, "a1", Status.FAIL),
                newScan("h1", "r2", 1, "a1", Status.PARTIAL),
                newScan("h1", "r3", 2, "a1", Status.PASS),
                newScan("h2", "x2", 1, "a1", Status.PASS),
                newScan("h1", "r4", 3, "a1", Status.FAIL)));
        assertTrue(r.stream().allMatch(ScanRecord::isNew));
        FindingRecord f = store.findings().get("h1", "a1").orElseThrow();
        assertTrue(f.open());
        assertEquals(day(0), f.firstSeenAt());
        assertEquals(day(3), f.openedAt());
        assertEquals(1, f.reopenCount());
        assertEquals(r.get(5).scanId(), f.lastScanId());
        assertEquals(List.of("opened:null>FAIL", "status:FAIL>PARTIAL", "fixed:PARTIAL>PASS", "reopened:PASS>FAIL"),
                store.findings().history("h1", "a1").stream()
                        .map(e -> e.kind() + ":" + e.fromStatus() + ">" + e.toStatus()).toList());
        FindingRecord g = store.findings().get("h2", "a1").orElseThrow();
        assertFalse(g.open());
        assertEquals(day(1), g.fixedAt());
        assertEquals("r4", store.scans().latest("h1").orElseThrow().reportId());
    }

    @Test
    void batchMixingNewAndAlreadyStoredReports() {
        host("h1", "g");
        host("h2", "g");
        ScanRecord old = scan("h1", "r1", 0, "a1", Status.FAIL);
        List<ScanRecord> r = store.scans().recordScans(List.of(
                newScan("h2", "x1", 0, "a1", Status.FAIL),
                newScan("h1", "r1", 0, "a1", Status.PASS), // a resend: must not fix the finding
                newScan("h1", "r2", 1, "a1", Status.FAIL)));
        assertTrue(r.get(0).isNew());
        assertFalse(r.get(1).isNew());
        assertEquals(old.scanId(), r.get(1).scanId());
        assertTrue(r.get(2).isNew());
        assertEquals(3, count("SELECT COUNT(*) FROM scans"));
        assertEquals(3, count("SELECT COUNT(*) FROM reports"));
        FindingRecord f = store.findings().get("h1", "a1").orElseThrow();
        assertTrue(f.open(), "the resent PASS changed nothing");
        assertEquals(day(1), f.lastSeenAt());
        assertEquals(List.of("opened"), store.findings().history("h1", "a1").stream().map(e -> e.kind()).toList());
    }

    @Test
    void batchIsAllOrNothing() {
        host("h1", "g");
        assertThrows(StoreException.class, () -> store.scans().recordScans(List.of(
                newScan("h1", "r1", 0, "a1", Status.FAIL),
                newScan("unknown-host", "r2", 0, "a1", Status.FAIL))));
        assertEquals(0, count("SELECT COUNT(*) FROM scans"));
        assertEquals(0, count("SELECT COUNT(*) FROM reports"));
        assertEquals(0, count("SELECT COUNT(*) FROM findings"));
        assertTrue(store.scans().recordScans(List.of(newScan("h1", "r1", 0, "a1", Status.FAIL))).get(0).isNew());
    }

    @Test
    void reportStoredFirstThenEvaluated() {
        host("h1", "g");
        assertTrue(store.reports().storeReport("h1", "r1", "start", Fixtures.facts("h1", "r1", day(2))));
        ScanRecord r = store.scans().recordScan("h1", "r1",
                Fixtures.eval("h1", "r1", verdicts("a1", Status.FAIL)), "start");
        assertTrue(r.isNew());
        assertEquals(day(2), store.scans().byId(r.scanId()).orElseThrow().scannedAt());
        assertEquals(day(2), store.findings().get("h1", "a1").orElseThrow().firstSeenAt());
        assertFalse(store.scans().recordScan("h1", "r1", Fixtures.eval("h1", "r1", verdicts()), "start").isNew());
        assertThrows(StoreException.class, () -> store.scans().recordScan("h1", "nope",
                Fixtures.eval("h1", "nope", verdicts()), "start"));
    }

    @Test
    void concurrentResendOfOneReportStoresItOnce() throws Exception {
        host("h1", "g");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ScanRecord>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(pool.submit(() -> scan("h1", "same", 0, "a1", Status.FAIL)));
            }
            int fresh = 0;
            long id = -1;
            for (Future<ScanRecord> f : fs) {
                ScanRecord r = f.get();
                fresh += r.isNew() ? 1 : 0;
                id = id < 0 ? r.scanId() : id;
                assertEquals(id, r.scanId());
            }
            assertEquals(1, fresh);
            assertEquals(1, count("SELECT COUNT(*) FROM scans"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentScansOfOneHostAreSerialised() throws Exception {
        host("h1", "g");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ScanRecord>> work = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                work.add(() -> scan("h1", "r" + n, 0, "a1", Status.FAIL, "b1", Status.PARTIAL));
            }
            for (Future<ScanRecord> f : pool.invokeAll(work)) {
                assertTrue(f.get().isNew());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(12, count("SELECT COUNT(*) FROM scans"));
        assertEquals(2, count("SELECT COUNT(*) FROM findings"));
        assertEquals(2, count("SELECT COUNT(*) FROM finding_events"), "each finding opened exactly once");
    }

    @Test
    void overlongAgentValuesAreClippedOrRefusedClearly() {
        host("h1", "g");
        String longTrigger = "x".repeat(5000);
        Facts f = Fixtures.facts("h1", "r1", day(0));
        var ev = Fixtures.eval("h1", "r1", verdicts("a1", Status.FAIL)).toBuilder();
        ev.setFindings(0, ev.getFindings(0).toBuilder().setTitle("标".repeat(2000)).setClause("8".repeat(100)));
        long id = store.scans().recordScan("h1", "r1", f, ev.build(), longTrigger).scanId();
        assertEquals(32, store.scans().byId(id).orElseThrow().trigger().length());
        assertEquals(512, store.findings().get("h1", "a1").orElseThrow().title().length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.scans()
                .recordScan("h1", "r".repeat(500), f, ev.build(), "start"));
        assertTrue(e.getMessage().contains("report id"), e.getMessage());
        assertEquals(1, count("SELECT COUNT(*) FROM reports"));
    }

    @Test
    void nulCharactersFromHostsAreStoredOnEveryDatabase() {
        store.hosts().upsert(Host.of("h1", "bad\u0000name", "g", Host.SOURCE_AGENT).withHostname("x\u0000y"));
        Facts f = Fixtures.facts("h1", "r1", day(0));
        var ev = Fixtures.eval("h1", "r1", verdicts("a1", Status.FAIL)).toBuilder();
        ev.setFindings(0, ev.getFindings(0).toBuilder().setMessage("msg\u0000").addEvidence(
                cn.dengbao.sentinel.proto.Evidence.newBuilder().setText("nul\u0000here")));
        long id = store.scans().recordScan("h1", "r1", f, ev.build(), "start\u0000").scanId();
        ScanResult r = store.scans().results(id).get(0);
        assertEquals("msg\uFFFD", r.message());
        assertTrue(r.evidence().get(1).getText().startsWith("nul"));
        assertEquals("x\uFFFDy", store.hosts().byId("h1").orElseThrow().hostname());
    }

    @Test
    void recordScanRejectsUnknownHostAndStoresNothing() {
        assertThrows(StoreException.class, () -> scan("ghost", "r1", 0, "a1", Status.FAIL));
        assertEquals(0, count("SELECT COUNT(*) FROM reports"));
    }

    @Test
    void resultsKeepEvidenceAndCounts() {
        host("h1", "g");
        long id = scan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.PASS, "c1", Status.MANUAL,
                "d1", Status.NOT_APPLICABLE, "a2", Status.ERROR, "b2", Status.PARTIAL).scanId();
        ScanSummary s = store.scans().byId(id).orElseThrow();
        assertEquals(List.of(1, 1, 1, 1, 1, 1), List.of(s.pass(), s.fail(), s.partial(), s.manual(),
                s.notApplicable(), s.error()));
        assertEquals(day(0), s.scannedAt());
        ScanResult a1 = store.scans().results(id).stream().filter(r -> r.ruleId().equals("a1")).findFirst()
                .orElseThrow();
        assertEquals("8.1.4.1a", a1.clause());
        assertEquals("密码最长使用期限为 99999 天", a1.evidence().get(0).getText());
        assertEquals("/etc/login.defs", a1.evidence().get(0).getSource().getPath());
        assertEquals(160, a1.evidence().get(0).getSource().getLine());
        assertEquals(Risk.HIGH, a1.risk());
        assertEquals(6, store.scans().evaluation(id).orElseThrow().getFindingsCount());
    }

    @Test
    void latestFactsRoundTripCompressed() {
        host("h1", "g");
        scan("h1", "r1", 0, "a1", Status.FAIL);
        scan("h1", "r2", 1, "a1", Status.FAIL);
        StoredFacts latest = store.reports().latestFacts("h1").orElseThrow();
        assertEquals("r2", latest.reportId());
        assertEquals(Fixtures.facts("h1", "r2", day(1)), latest.facts());
        long stored = count("SELECT MAX(facts_size) FROM reports");
        assertTrue(stored > 0);
    }

    @Test
    void stateAsOfAPastDate() {
        host("h1", "g");
        scan("h1", "r1", 0, "a1", Status.FAIL);
        scan("h1", "r2", 5, "a1", Status.PASS);
        assertTrue(store.scans().stateAsOf("h1", day(-1)).isEmpty());
        HostState mid = store.scans().stateAsOf("h1", day(3)).orElseThrow();
        assertEquals("r1", mid.scan().reportId());
        assertEquals(Status.FAIL, mid.results().get(0).status());
        assertEquals("r2", store.scans().stateAsOf("h1", day(5)).orElseThrow().scan().reportId());
    }

    @Test
    void latestScanPerHostOfAGroupAsOfADate() {
        host("h1", "gov-a");
        host("h2", "gov-a");
        host("h3", "gov-b");
        scan("h1", "a0", 0, "a1", Status.FAIL);
        scan("h1", "a5", 5, "a1", Status.PASS);
        scan("h2", "b3", 3, "a1", Status.FAIL);
        scan("h3", "c0", 0, "a1", Status.FAIL);
        assertEquals(List.of("a5", "b3"), store.scans().latestPerHost("gov-a", null).stream()
                .map(ScanSummary::reportId).toList());
        assertEquals(List.of("a0"), store.scans().latestPerHost("gov-a", day(2)).stream()
                .map(ScanSummary::reportId).toList());
        assertEquals(3, store.scans().latestPerHost(null, day(9)).size());
    }

    @Test
    void diffBetweenScans() {
        host("h1", "g");
        long s1 = scan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.FAIL, "c1", Status.PASS, "d1",
                Status.FAIL).scanId();
        long s2 = scan("h1", "r2", 1, "a1", Status.PASS, "b1", Status.PARTIAL, "c1", Status.FAIL, "d1",
                Status.ERROR).scanId();
        ScanDiff d = store.findings().diff("h1", s1, s2);
        assertEquals(List.of("c1"), d.newlyFailing().stream().map(ScanDiff.Entry::ruleId).toList());
        assertEquals(List.of("a1"), d.fixed().stream().map(ScanDiff.Entry::ruleId).toList());
        assertEquals(List.of("b1"), d.stillOpen().stream().map(ScanDiff.Entry::ruleId).toList());
        assertEquals(List.of("d1"), d.unverified().stream().map(ScanDiff.Entry::ruleId).toList());
        ScanDiff.Entry fixed = d.fixed().get(0);
        assertEquals("8.1.4.1a", fixed.clause());
        assertEquals(Risk.HIGH, fixed.risk(), "a fixed entry shows the risk it had");
        assertEquals(Status.FAIL, fixed.fromStatus());
        assertEquals(Status.PASS, fixed.toStatus());
        assertEquals(d, store.findings().diffLatest("h1").orElseThrow());
        host("h2", "g");
        long other = scan("h2", "x1", 0, "a1", Status.FAIL).scanId();
        assertThrows(StoreException.class, () -> store.findings().diff("h1", s1, other));
    }

    @Test
    void decisionsStayUntilRevokedAndAreAudited() {
        host("h1", "g");
        scan("h1", "r1", 0, "a1", Status.FAIL, "c1", Status.MANUAL);
        FindingRecord f = store.findings().decide("h1", "a1", Decision.ACCEPTED_RISK, "堡垒机已做双因素", "ops-li");
        assertEquals(Decision.ACCEPTED_RISK, f.decision());
        assertEquals("ops-li", f.decisionBy());
        assertFalse(f.actionable());
        scan("h1", "r2", 1, "a1", Status.PASS, "c1", Status.MANUAL);
        scan("h1", "r3", 2, "a1", Status.FAIL, "c1", Status.MANUAL);
        f = store.findings().current("h1").get(0);
        assertEquals(Decision.ACCEPTED_RISK, f.decision(), "decision survives fix and reopen");
        assertEquals("堡垒机已做双因素", f.decisionReason());

        FindingRecord manual = store.findings().decide("h1", "c1", Decision.NOT_APPLICABLE, "无此业务", "ops-li");
        assertEquals(Status.MANUAL, manual.status());
        assertFalse(manual.open());
        assertThrows(StoreException.class,
                () -> store.findings().decide("h1", "zz", Decision.NOT_APPLICABLE, "x", "ops-li"));
        assertThrows(IllegalArgumentException.class,
                () -> store.findings().decide("h1", "a1", Decision.NOT_APPLICABLE, " ", "ops-li"));

        assertTrue(store.findings().revoke("h1", "a1", "复核不通过", "ops-wang"));
        assertNull(store.findings().get("h1", "a1").orElseThrow().decision());
        assertFalse(store.findings().revoke("h1", "a1", "again", "ops-wang"));
        List<String> actions = store.audit().list(0, 10).stream().map(AuditEntry::action).toList();
        assertEquals(List.of("finding.decide", "finding.decide", "finding.revoke"), actions);
        assertTrue(store.audit().verify().ok());
        List<String> kinds = store.findings().history("h1", "a1").stream().map(FindingEvent::kind).toList();
        // ordered by time: the scans are dated in the fixture's past, the decisions now
        assertEquals(List.of("opened", "fixed", "reopened", "decided", "revoked"), kinds);
    }

    @Test
    void lifecycleRecordsForKpis() {
        host("h1", "gov-a");
        host("h2", "gov-b");
        scan("h1", "r1", 0, "a1", Status.FAIL, "b1", Status.FAIL);
        scan("h1", "r2", 10, "a1", Status.PASS, "b1", Status.FAIL);
        scan("h2", "x1", 0, "a1", Status.FAIL);
        scan("h2", "x2", 1, "a1", Status.PASS);
        List<LifecycleRecord> a = store.findings().lifecycle("gov-a", null);
        assertEquals(2, a.size());
        LifecycleRecord a1 = a.get(0);
        assertEquals("a1", a1.ruleId());
        assertEquals("name-h1", a1.hostName());
        assertEquals(day(0), a1.openedAt());
        assertEquals(day(10), a1.fixedAt());
        assertEquals(Risk.HIGH, a1.risk());
        assertFalse(a1.open());
        assertTrue(a.get(1).open());
        assertEquals(3, store.findings().lifecycle(null, null).size());
        // since day 5: h2's finding opened and fixed before it; h1's were open or fixed after
        assertEquals(List.of("name-h1", "name-h1"), store.findings().lifecycle(null, day(5)).stream()
                .map(LifecycleRecord::hostName).toList());
    }

    @Test
    void concurrentRecordScanOfDifferentHosts() throws Exception {
        int hosts = 6;
        int scansPerHost = 8;
        for (int h = 0; h < hosts; h++) {
            host("h" + h, "g");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ScanRecord>> work = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                String hostId = "h" + h;
                work.add(() -> {
                    ScanRecord last = null;
                    for (int i = 0; i < scansPerHost; i++) {
                        Status st = i % 2 == 0 ? Status.FAIL : Status.PASS;
                        last = scan(hostId, hostId + "-r" + i, i, "a1", st, "b1", Status.FAIL);
                    }
                    return last;
                });
            }
            for (Future<ScanRecord> f : pool.invokeAll(work)) {
                assertTrue(f.get().isNew());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(hosts * scansPerHost, count("SELECT COUNT(*) FROM scans"));
        for (int h = 0; h < hosts; h++) {
            FindingRecord f = store.findings().get("h" + h, "a1").orElseThrow();
            assertFalse(f.open());
            assertEquals(day(scansPerHost - 1), f.fixedAt());
            assertEquals(scansPerHost / 2 - 1, f.reopenCount());
        }
    }

    // ------------------------------------------------------------------ scan requests

    @Test
    void scanRequestsAreClaimedExactlyOnceByTwoCollectors() throws Exception {
        Instant now = Instant.now();
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            agents.add("agent-" + i);
        }
        List<Long> ids = store.scanRequests().submit(agents, "group:web", List.of("SECTION_SSHD"), "cli", now,
                now.plus(Duration.ofMinutes(10)));
        assertEquals(40, ids.size());
        Store second = reopen();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // two collectors, two threads each, all racing for every request
            List<Callable<List<Long>>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Store s = t % 2 == 0 ? store : second;
                String collector = "collector-" + t;
                work.add(() -> {
                    List<Long> won = new ArrayList<>();
                    for (long id : ids) {
                        if (s.scanRequests().claim(id, collector, now)) {
                            won.add(id);
                        }
                    }
                    return won;
                });
            }
            List<Long> claimed = new ArrayList<>();
            for (Future<List<Long>> f : pool.invokeAll(work)) {
                claimed.addAll(f.get());
            }
            assertEquals(ids.size(), claimed.size(), "every request taken by exactly one collector: " + claimed);
            assertEquals(Set.copyOf(ids), Set.copyOf(claimed));
        } finally {
            pool.shutdownNow();
            second.close();
        }
        assertTrue(store.scanRequests().pending(now, 100).isEmpty());
        ScanRequestRecord r = store.scanRequests().byId(ids.get(0)).orElseThrow();
        assertEquals(ScanRequestRecord.TAKEN, r.state());
        assertTrue(r.takenBy().startsWith("collector-"), r.takenBy());
        assertEquals(List.of("SECTION_SSHD"), r.sections());
        assertEquals("group:web", r.requestedFor());
        assertEquals("agent-0", r.agentId());
    }

    @Test
    void scanRequestsAreSentReleasedOrExpire() {
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        Instant expires = t0.plus(Duration.ofMinutes(10));
        List<Long> ids = store.scanRequests().submit(List.of("a1", "a2", "a3"), "all", List.of(), "schedule", t0,
                expires);
        assertEquals(3, store.scanRequests().pending(t0, 10).size());
        assertTrue(store.scanRequests().claim(ids.get(0), "c1", t0));
        assertFalse(store.scanRequests().claim(ids.get(0), "c2", t0), "taken already");
        store.scanRequests().finish(ids.get(0), ScanRequestRecord.SENT, "sent by c1");
        assertTrue(store.scanRequests().claim(ids.get(1), "c1", t0));
        store.scanRequests().release(ids.get(1));   // its stream closed: pending again, for another collector
        assertTrue(store.scanRequests().claim(ids.get(1), "c2", t0));
        store.scanRequests().finish(ids.get(1), ScanRequestRecord.SENT, "sent by c2");
        assertEquals("c2", store.scanRequests().byId(ids.get(1)).orElseThrow().takenBy());
        // a3's agent never connects: after its time it is expired with the reason, and nobody can take it
        assertEquals(0, store.scanRequests().expire(expires.minusMillis(1), "late"));
        assertEquals(1, store.scanRequests().expire(expires, "agent not connected"));
        assertFalse(store.scanRequests().claim(ids.get(2), "c1", expires));
        ScanRequestRecord late = store.scanRequests().byId(ids.get(2)).orElseThrow();
        assertEquals(ScanRequestRecord.EXPIRED, late.state());
        assertEquals("agent not connected", late.result());
        assertTrue(late.sections().isEmpty());
        ScanRequestRecord sent = store.scanRequests().byId(ids.get(0)).orElseThrow();
        assertEquals(List.of(ScanRequestRecord.SENT, "sent by c1", t0), List.of(sent.state(), sent.result(), sent.takenAt()));
        // settled requests are purged after a while; pending ones never are
        List<Long> fresh = store.scanRequests().submit(List.of("a4"), "agent:a4", List.of(), "cli", t0, expires);
        assertEquals(3, store.scanRequests().purge(t0.plusMillis(1)));
        assertTrue(store.scanRequests().byId(fresh.get(0)).isPresent());
    }

    @Test
    void activeAgentsOfAGroup() {
        host("h1", "web");
        host("h2", "db");
        store.agents().enroll("a1", "h1", "1", "sha-1", "v", null);
        store.agents().enroll("a2", "h1", "2", "sha-2", "v", null);
        store.agents().enroll("a3", "h2", "3", "sha-3", "v", null);
        store.agents().revoke("a2");
        assertEquals(List.of("a1"), store.agents().activeIds("web"));
        assertEquals(List.of("a1", "a3"), store.agents().activeIds(null));
        assertEquals(List.of(), store.agents().activeIds("nosuch"));
    }

    // ------------------------------------------------------------------ audit log

    @Test
    void twoCollectorsOnOneDatabaseShareOneAuditChain() throws Exception {
        Store second = reopen();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<AuditEntry>> work = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Store s = i % 2 == 0 ? store : second;
                int n = i;
                work.add(() -> s.audit().append("collector-" + (n % 2), "schedule.run", Map.of("n", n)));
            }
            for (Future<AuditEntry> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            second.close();
        }
        AuditVerification v = store.audit().verify();
        assertTrue(v.ok(), () -> String.valueOf(v));
        assertEquals(30, v.entries());
    }


    @Test
    void auditChainVerifiesAndRedacts() {
        AuditEntry e1 = store.audit().append("admin", "token.create", Map.of("group", "gov-a", "token", "s3cr3t"));
        AuditEntry e2 = store.audit().append("admin", "target.add",
                Map.of("name", "web1", "ssh", Map.of("password", "hunter2", "host_key_sha256", "abc")));
        assertEquals(1, e1.seq());
        assertEquals(e1.hash(), e2.prevHash());
        assertFalse(e1.detailsJson().contains("s3cr3t"));
        assertFalse(e2.detailsJson().contains("hunter2"));
        assertTrue(e2.detailsJson().contains("abc"), "a host-key fingerprint is not a secret");
        assertTrue(e2.detailsJson().contains(Redactor.REDACTED));
        store.audit().append("nul\u0000actor", "x", Map.of("k\u0000", "v\u0000"));
        AuditVerification v = store.audit().verify();
        assertTrue(v.ok(), () -> String.valueOf(v));
        assertEquals(3, v.entries());
        assertEquals(store.audit().list(2, 1).get(0).hash(), v.headHash());
    }

    private void appendFive() {
        for (int i = 1; i <= 5; i++) {
            store.audit().append("admin", "host.attribute", Map.of("n", i));
        }
        assertTrue(store.audit().verify().ok());
    }

    @Test
    void auditDetectsModifiedEntry() {
        appendFive();
        exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
        AuditVerification v = store.audit().verify();
        assertFalse(v.ok());
        assertEquals(3L, v.firstBadSeq());
        assertTrue(v.problem().contains("modified"), v.problem());
    }

    @Test
    void auditDetectsDeletedEntry() {
        appendFive();
        exec("DELETE FROM audit_log WHERE seq = 2");
        AuditVerification v = store.audit().verify();
        assertFalse(v.ok());
        assertEquals(2L, v.firstBadSeq());
        assertTrue(v.problem().contains("missing"), v.problem());
    }

    @Test
    void auditDetectsDeletedNewestEntry() {
        appendFive();
        exec("DELETE FROM audit_log WHERE seq = 5");
        AuditVerification v = store.audit().verify();
        assertFalse(v.ok());
        assertEquals(5L, v.firstBadSeq());
    }

    @Test
    void auditDetectsReorderedEntries() {
        appendFive();
        // swap the contents of entries 2 and 3 while keeping the sequence numbers
        exec("UPDATE audit_log SET seq = 100 WHERE seq = 2");
        exec("UPDATE audit_log SET seq = 2 WHERE seq = 3");
        exec("UPDATE audit_log SET seq = 3 WHERE seq = 100");
        AuditVerification v = store.audit().verify();
        assertFalse(v.ok());
        assertEquals(2L, v.firstBadSeq());
    }

    @Test
    void auditAppendsFromManyThreadsFormOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<AuditEntry>> work = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                work.add(() -> store.audit().append("t" + (n % 4), "x", Map.of("n", n)));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<AuditEntry> f : pool.invokeAll(work)) {
                seqs.add(f.get().seq());
            }
            assertEquals(40, seqs.stream().collect(Collectors.toSet()).size());
        } finally {
            pool.shutdownNow();
        }
        AuditVerification v = store.audit().verify();
        assertTrue(v.ok(), () -> String.valueOf(v));
        assertEquals(40, v.entries());
        assertNotNull(v.headHash());
    }

    // ------------------------------------------------------------------ machine identity (V4)

    @Test
    void machineIdentityDuplicateMarkAndMergeKeepHostsApart() {
        store.hosts().upsert(Host.of("h-a", "web-01", "web", Host.SOURCE_AGENT));
        store.hosts().upsert(Host.of("h-b", "web-01~b", "web", Host.SOURCE_AGENT).withHostname("web-01"));
        MachineIds a = new MachineIds("m-1", "", List.of("SHA256:k1"), List.of("52:54:00:00:00:01"));
        MachineIds b = new MachineIds("m-2", "U-2", List.of("SHA256:k1"), List.of());
        store.agents().enroll("ag-a", "h-a", "01", "aa", "t", "127.0.0.1", a);
        store.agents().enroll("ag-b", "h-b", "02", "bb", "t", "127.0.0.1", b);
        assertEquals(a, store.agents().byId("ag-a").orElseThrow().machine(), "identifiers survive the round trip");
        assertEquals(List.of("ssh-host-key"), a.shared(b));
        assertEquals(List.of("ag-a"), store.agents().sharingMachine(b, "ag-b").stream().map(AgentRecord::id).toList());
        assertEquals(List.of("h-a", "h-b"), store.hosts().idsByHostname("web-01"));

        store.hosts().markDuplicate("h-b", "h-a", "same host name");
        assertEquals("h-a", store.agents().byId("ag-b").orElseThrow().duplicateOf());
        assertEquals(Optional.of("same host name"), store.hosts().duplicateReason("h-b"));

        assertEquals("h-b", store.hosts().mergeAgent("ag-b", "h-a"));
        assertEquals("h-a", store.agents().byId("ag-b").orElseThrow().hostId());
        assertEquals("", store.agents().byId("ag-b").orElseThrow().duplicateOf());
        assertEquals(List.of("h-a"), store.hosts().list(null).stream().map(Host::id).toList(), "h-b retired");
        assertTrue(store.hosts().byId("h-b").isPresent(), "its history stays readable");
        assertEquals(List.of("h-a"), store.hosts().idsByHostname("web-01"));
        assertThrows(StoreException.class, () -> store.hosts().mergeAgent("ag-a", "nosuch"));
        assertEquals("h-a", store.agents().byId("ag-a").orElseThrow().hostId(), "a refused merge changes nothing");
    }

    @Test
    void vulnImportReplacesTheStreamsItCoversAndKeepsProvenance() {
        Instant t1 = Instant.parse("2026-11-01T00:00:00Z");
        Instant t2 = Instant.parse("2026-11-20T00:00:00Z");
        FeedSource deb = new FeedSource("debian-security-tracker", "https://security-tracker.debian.org/tracker/data/json",
                t1, "a".repeat(64), "Debian", 2);
        FeedSource oe = new FeedSource("openeuler-csaf", "https://repo.openeuler.org/security/data/csaf/", t2,
                "b".repeat(64), "openEuler", 1);
        VulnRecord r1 = new VulnRecord("debian:12", "openssl", VulnRecord.SOURCE_PACKAGE, "3.0.11-1~deb12u2",
                VulnRecord.Status.fixed, List.of("DSA-5532-1"), List.of("CVE-2023-5363"), "high", 7.5, true,
                "debian-security-tracker");
        VulnRecord r2 = new VulnRecord("debian:12", "glibc", VulnRecord.SOURCE_PACKAGE, null,
                VulnRecord.Status.will_not_fix, List.of(), List.of("CVE-2010-4756"), null, null, false,
                "debian-security-tracker");
        VulnRecord r3 = new VulnRecord("openeuler:22.03-LTS-SP4", "vim", VulnRecord.SOURCE_PACKAGE, "9.0-33.oe2203sp4",
                VulnRecord.Status.fixed, List.of("openEuler-SA-2025-1351"), List.of("CVE-2025-29768"), "Medium", 4.4,
                false, "openeuler-csaf");
        long first = store.vulnFeeds().importBundle("a.json", "c".repeat(64), "d".repeat(64), t2, t2, "ops",
                List.of(deb, oe), List.of(r1, r2, r3));
        assertEquals(List.of(r1, r2), store.vulnFeeds().records("debian:12"));
        List<VulnStreamStatus> streams = store.vulnFeeds().streams();
        assertEquals(List.of("debian:12", "openeuler:22.03-LTS-SP4"), streams.stream().map(VulnStreamStatus::stream).toList());
        assertEquals(t1, streams.get(0).retrievedAt(), "a stream is as old as the data it holds");
        assertEquals(first, streams.get(0).bundleId());

        // a later bundle with only debian:12 replaces that stream and leaves openEuler alone
        long second = store.vulnFeeds().importBundle("b.json", "e".repeat(64), "d".repeat(64), t2, t2, "ops",
                List.of(deb), List.of(r2));
        assertEquals(List.of(r2), store.vulnFeeds().records("debian:12"));
        assertEquals(List.of(r3), store.vulnFeeds().records("openeuler:22.03-LTS-SP4"));
        assertEquals(second, store.vulnFeeds().streams().get(0).bundleId());
        assertEquals(first, store.vulnFeeds().streams().get(1).bundleId());
        assertEquals(List.of(), store.vulnFeeds().records("centos:7"));
        assertTrue(store.audit().verify().ok());
    }
}
