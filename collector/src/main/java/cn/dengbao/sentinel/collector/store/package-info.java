/**
 * The collector's store: plain JDBC over H2 (embedded default) or PostgreSQL 15, versioned SQL migrations
 * ({@code db/migration/index.txt} lists them; V1 holds every table of STORE-SPEC.md). Times are epoch millis.
 *
 * <pre>{@code
 * try (Store store = Store.embedded(dataDir)) {               // or Store.open(jdbcUrl, user, password)
 *     store.hosts().upsert(Host.of(id, name, group, Host.SOURCE_AGENT));   // the host must exist first
 *     ScanRecord r = store.scans().recordScan(hostId, reportId, facts, evaluation, "schedule");
 *     // one transaction: report (gzip facts) + scan + results + findings lifecycle; r.isNew() false = resend
 *     store.findings().current(hostId);                        // open findings, with decisions
 *     store.findings().diffLatest(hostId);                     // new / fixed / still open / unverified
 *     store.findings().lifecycle(group, since);                // KPI records
 *     store.scans().stateAsOf(hostId, instant);                // the host as of a past date
 *     store.reports().latestFacts(hostId);
 *     store.audit().append(actor, "action.name", Map.of(...)); // redacted, SM3 hash-chained
 * }
 * }</pre>
 * Repositories are thread-safe; each call is one transaction on a pooled connection. Failures are
 * {@link cn.dengbao.sentinel.collector.store.StoreException} (unchecked) with messages free of credentials.
 */
package cn.dengbao.sentinel.collector.store;
