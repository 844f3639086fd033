package cn.dengbao.sentinel.checks.bench;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Facts;
import com.google.protobuf.TextFormat;
import java.util.Map;

/**
 * Prints the full evaluation (without its timestamp) of the {@link BenchHosts} and a few variants, so a rule
 * rewrite for speed can be diffed against the previous output: it must not change a single line.
 */
public final class EvaluationSnapshot {
    public static void main(String[] args) {
        RuleEngine engine = new RuleEngine(RuleCatalog.builtIn(), Profile.builtIn());
        Facts compliant = BenchHosts.compliant();
        Facts failing = BenchHosts.failing();
        Map<String, Facts> hosts = new java.util.LinkedHashMap<>();
        hosts.put("compliant", compliant);
        hosts.put("failing", failing);
        hosts.put("no-accounts", compliant.toBuilder().setAccounts(compliant.getAccounts().toBuilder().clearAccounts()).build());
        hosts.put("one-account", compliant.toBuilder().setAccounts(compliant.getAccounts().toBuilder().clearAccounts()
                .addAccounts(failing.getAccounts().getAccounts(0))).build());
        hosts.put("no-today", failing.toBuilder().setAccounts(failing.getAccounts().toBuilder().setTodayDays(0)).build());
        hosts.put("shadow-unreadable", failing.toBuilder().setAccounts(failing.getAccounts().toBuilder()
                .setShadowReadable(false)).build());
        hosts.put("empty-sections", Facts.newBuilder().setSchemaVersion("1").setHost(compliant.getHost())
                .setOs(compliant.getOs()).build());
        for (Map<String, String> attrs : java.util.List.of(Map.<String, String>of(),
                Map.of("mfa_bastion", "true", "access_restricted", "true", "hids", "true"))) {
            hosts.forEach((name, facts) -> {
                System.out.println("##### " + name + " " + new java.util.TreeMap<>(attrs));
                System.out.println(TextFormat.printer().printToString(
                        engine.evaluate(facts, attrs).toBuilder().clearEvaluatedAtEpochMs().build()));
            });
        }
    }
}
