package cn.dengbao.sentinel.checks.rules;

import cn.dengbao.sentinel.checks.engine.Profile;
import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleEngine;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PasswordState;
import java.util.Map;

/**
 * Cost of the whole built-in catalog on a host whose every section is filled ({@link CompliantHost} plus 40
 * accounts, 300 packages, 60 services, 200 audit rules), so the 8.1.4.3–8.1.4.11 rules do their full work instead
 * of stopping at ERROR on missing sections. Not a unit test: run its main (args: [hosts]).
 */
public final class RangeBenchmark {

    private RangeBenchmark() {
    }

    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        // second arg "without-range" disables the 8.1.4.3-8.1.4.11 rules, to see what they add to the rest
        Profile profile = Profile.builtIn();
        if (args.length > 1 && args[1].equals("without-range")) {
            java.util.Set<String> range = RuleCatalog.builtIn().definitions().stream()
                    .filter(d -> d.clause().matches("8\\.1\\.4\\.([3-9]|1[01])[a-z]?"))
                    .map(d -> d.id()).collect(java.util.stream.Collectors.toSet());
            profile = profile.with(Map.of(), range, Map.of());
        }
        RuleEngine engine = new RuleEngine(RuleCatalog.builtIn(), profile);
        Facts.Builder b = CompliantHost.facts();
        for (int i = 0; i < 40; i++) {
            b.getAccountsBuilder().addAccounts(CompliantHost.account("user" + i, 2000 + i, "SHA512").toBuilder()
                    .setPasswordState(i % 4 == 0 ? PasswordState.LOCKED : PasswordState.HASHED));
        }
        for (int i = 0; i < 300; i++) {
            b.getPackagesBuilder().addPackages(CompliantHost.pkg("lib-package-" + i, "1." + i));
        }
        for (int i = 0; i < 60; i++) {
            b.getServicesBuilder().addServices(CompliantHost.service("unit-" + i, i % 2 == 0, i % 3 == 0));
        }
        for (int i = 0; i < 200; i++) {
            b.getAuditBuilder().addRules(CompliantHost.auditRule("-w /opt/app/conf" + i + " -p wa -k app"));
        }
        Facts facts = b.build();
        for (int i = 0; i < 300; i++) {
            engine.evaluate(facts, Map.of());
        }
        var mx = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = mx.getProcessCpuTime();
        long t0 = System.nanoTime();
        long findings = 0;
        for (int i = 0; i < hosts; i++) {
            findings += engine.evaluate(facts, Map.of("internet_facing", i % 2 == 0 ? "true" : "false")).getFindingsCount();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (mx.getProcessCpuTime() - cpu0) / 1e6;
        System.out.printf("rules=%d hosts=%d wall=%.2f s -> %.0f hosts/s, %.2f ms/host wall, %.2f ms/host cpu, findings/host=%d%n",
                engine.rules().size(), hosts, secs, hosts / secs, secs * 1000 / hosts, cpuMs / hosts, findings / hosts);
    }
}
