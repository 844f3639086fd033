package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.audit.AuditEntry;
import cn.dengbao.sentinel.collector.audit.AuditVerification;
import cn.dengbao.sentinel.collector.store.Store;
import cn.dengbao.sentinel.collector.store.StoreException;
import cn.dengbao.sentinel.collector.time.Times;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit verify} and {@code audit list}: the operator audit log. */
@Command(name = "audit", description = "Operator audit log (SM3 hash chain).",
        subcommands = {AuditCommand.Verify.class, AuditCommand.ListEntries.class})
public final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Exit 0 when the chain is intact, 1 when broken (first bad entry printed), 2 when the store cannot open. */
    @Command(name = "verify", description = "Verify the audit log hash chain. Exit 0 intact, 1 broken.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Store store = storeOptions.open()) {
                AuditVerification v = store.audit().verify();
                if (v.ok()) {
                    out.printf("审计日志完整: %d 条记录, 链尾哈希 (SM3) %s%n", v.entries(), v.headHash());
                    out.flush();
                    return 0;
                }
                out.printf("审计日志已被篡改: 第 %d 条记录 — %s%n", v.firstBadSeq(), v.problem());
                out.flush();
                return 1;
            } catch (IllegalArgumentException | StoreException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", description = "Print audit entries, oldest first.")
    static final class ListEntries implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;
        @Spec
        CommandSpec spec;
        @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0", description = "Entries after this seq.")
        long after;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many entries.")
        int limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = storeOptions.open()) {
                Times times = storeOptions.times();
                List<AuditEntry> entries = store.audit().list(after, limit);
                for (AuditEntry e : entries) {
                    out.printf("%d\t%s\t%s\t%s\t%s%n", e.seq(), times.text(e.at()), Cells.plain(e.actor()),
                            Cells.plain(e.action()), Cells.plain(e.detailsJson()));
                }
                out.flush();
                return 0;
            } catch (IllegalArgumentException | StoreException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 2;
            }
        }
    }
}
