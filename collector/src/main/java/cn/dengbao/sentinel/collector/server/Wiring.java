package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.collector.ingest.Evaluator;
import cn.dengbao.sentinel.collector.store.Host;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.vulns.FeedCoverage;
import cn.dengbao.sentinel.collector.vulns.VulnAssessor;
import cn.dengbao.sentinel.proto.Evaluation;
import cn.dengbao.sentinel.proto.Facts;
import java.time.Duration;
import java.util.Map;

/**
 * How the server's parts are joined: agent reports are judged by the built-in rule engine, with the host
 * attributes the operator set on the host (internet-facing, behind an MFA bastion …) deciding risk; the demo's
 * agent (its own process) collects this machine with the real probes.
 */
public final class Wiring {
    private Wiring() {
    }

    /** How long a host's attributes are reused before they are read from the store again. */
    static final long ATTRIBUTES_TTL_MILLIS = 30_000;

    /**
     * The engine compiles every rule once; one instance serves all ingest threads. Agent reports are judged with
     * the attributes of the agent's own host (by certificate, cached for {@link #ATTRIBUTES_TTL_MILLIS}); facts
     * without an agent (files, tests) by the host named in them.
     */
    public static Evaluator evaluator(Store store) {
        return withVulnFeeds(store, FeedCoverage.DEFAULT_MAX_AGE);
    }

    /**
     * As {@link #evaluator(Store)}, with the imported vulnerability feeds matched on the collector (data older than
     * {@code vulnFeedMaxAge} counts as none: "not evaluated").
     */
    public static Evaluator withVulnFeeds(Store store, Duration vulnFeedMaxAge) {
        RuleEngine engine = engine();
        if (store == null) {
            return facts -> engine.evaluate(facts, Map.of());
        }
        // operators' changes through any collector sharing the database arrive on the store's change feed
        HostAttributeCache attributes = new HostAttributeCache(store, ATTRIBUTES_TTL_MILLIS, System::currentTimeMillis,
                new ChangeWatch(store.changes(), System::currentTimeMillis));
        VulnAssessor vulns = new VulnAssessor(store, vulnFeedMaxAge, System::currentTimeMillis);
        return new Evaluator() {
            @Override
            public Evaluation evaluate(Facts facts) {
                Map<String, String> a = attributes(store, facts.getHost().getHostname());
                return vulns.apply(engine.evaluate(facts, a), facts, a);
            }

            @Override
            public Evaluation evaluate(String agentId, Facts facts) {
                Map<String, String> a = attributes.ofAgent(agentId);
                return vulns.apply(engine.evaluate(facts, a), facts, a);
            }
        };
    }

    /** The built-in engine, compiled on first use and shared by agent ingest and scheduled SSH scans. */
    public static RuleEngine engine() {
        return EngineHolder.ENGINE;
    }

    /**
     * Findings remembered per (rule, exact inputs): a host reporting again is judged in ~0.15 ms instead of
     * ~3.7 ms, as only rules whose facts changed are evaluated. Enough for every rule of a few thousand hosts
     * whose facts differ; override with {@code -Dsentinel.memo.entries=N} (0 turns the memo off).
     */
    static final int DEFAULT_MEMO_ENTRIES = 200_000;

    private static final class EngineHolder {
        static final RuleEngine ENGINE = build();

        private static RuleEngine build() {
            RuleEngine plain = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
            int entries = Integer.getInteger("sentinel.memo.entries", DEFAULT_MEMO_ENTRIES);
            return entries > 0 ? plain.withMemo(entries) : plain;
        }
    }

    private static Map<String, String> attributes(Store store, String hostname) {
        if (store == null || hostname.isEmpty()) {
            return Map.of();
        }
        return store.hosts().byName(hostname).map(Host::attributes).orElse(Map.of());
    }
}
