package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.store.AuditEntry;
import cn.dengbao.sentinel.collector.store.AuditVerification;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.text.PlainText;
import cn.dengbao.sentinel.common.cli.CommandGroup;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit verify} and {@code audit list}: the operator audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Operator audit log (SM3 hash chain).",
        subcommands = {AuditCommand.Verify.class, AuditCommand.ListEntries.class})
public final class AuditCommand extends CommandGroup {

    /** Exit 0 when the chain is intact, 1 when broken (first bad entry printed), 2 when the store cannot open. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify the audit log: hash chain, each entry's SM2 signature and the chain heads "
                    + "anchored outside the database (<data-dir>/audit-anchor.log).",
                    "Reports truncation (newest entries deleted) and rewrite (an entry edited and the rest re-hashed).",
                    "Exit 0 intact, 1 broken."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = storeOptions.open()) {
                AuditVerification v = store.audit().verify();
                if (v.ok()) {
                    out.printf("审计日志完整: %d 条记录, 链尾哈希 (SM3) %s%n", v.entries(), v.headHash());
                    out.println(v.anchored()
                            ? "签名与库外锚点一致 (signatures and " + v.anchorHeads() + " anchored heads agree)"
                            : "未核对签名与锚点: 没有数据目录 (no data directory: only the hash chain was checked)");
                    out.flush();
                    return 0;
                }
                out.printf("审计日志已被篡改: 第 %d 条记录 — %s%n", v.firstBadSeq(), v.problem());
                out.flush();
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print audit entries, oldest first.")
    static final class ListEntries implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Mixin
        ListFormat format;
        @Spec
        CommandSpec spec;
        @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0", description = "Entries after this seq.")
        long after;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many entries.")
        int limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<AuditEntry> entries;
            try (Store store = storeOptions.open()) {
                entries = store.audit().list(after, limit);
            }
            if (format.json()) {
                ListFormat.printJson(out, entries, ListEntries::json);
                return 0;
            }
            cn.dengbao.sentinel.collector.time.Times times = storeOptions.times();
            for (AuditEntry e : entries) {
                out.printf("%d\t%s\t%s\t%s\t%s%n", e.seq(), times.text(e.at()), PlainText.oneLine(e.actor()),
                        PlainText.oneLine(e.action()), PlainText.oneLine(e.detailsJson()));
            }
            out.flush();
            return 0;
        }

        private static Map<String, Object> json(AuditEntry e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("at", ListFormat.iso(e.at()));
            m.put("actor", e.actor());
            m.put("action", e.action());
            m.put("details", ListFormat.parsed(e.detailsJson()));
            m.put("prevHash", e.prevHash());
            m.put("hash", e.hash());
            return m;
        }
    }
}
