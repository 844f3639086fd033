package cn.dengbao.sentinel.collector.targets;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.Glob;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.collector.ssh.ScannerSudoers;
import cn.dengbao.sentinel.collector.ssh.SshHostAccess;
import cn.dengbao.sentinel.collector.ssh.SshOptions;
import cn.dengbao.sentinel.collector.ssh.SshScanException;
import cn.dengbao.sentinel.collector.ssh.SshTarget;
import cn.dengbao.sentinel.collector.store.TargetRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code targets test}: connects, authenticates and reports what a scan would be able to read — whether the
 * user reads /etc/shadow itself, whether sudo (when enabled) reads it and runs the fixed commands, and every
 * root-only read, directory listing and fixed command the probes need that the account is refused.
 */
public final class TargetTester {

    /** One line per check; {@code ok} false when the target cannot be scanned at all. */
    public record Report(boolean ok, List<String> lines) {
        public String text() {
            return String.join("\n", lines);
        }
    }

    private final TargetService targets;
    private final SshOptions options;

    public TargetTester(TargetService targets, SshOptions options) {
        this.targets = targets;
        this.options = options;
    }

    public Report test(TargetRecord stored) {
        List<String> lines = new ArrayList<>();
        SshTarget target = stored.target();
        lines.add("目标 " + target.name() + ": " + target.username() + "@" + target.host() + ":" + target.port()
                + (target.useSudo() ? " (sudo)" : ""));
        SshTarget plain = new SshTarget(target.name(), target.host(), target.port(), target.username(), false, target.group(), target.pin());
        try (SshHostAccess direct = SshHostAccess.connect(plain, targets.credential(stored), options)) {
            lines.add("连接与主机密钥: 正常 (host key " + direct.presentedFingerprint() + " matches the pin)");
            lines.add("认证: 正常 (authenticated as " + target.username() + ")");
            lines.add("/etc/shadow 直接可读 (readable without sudo): " + readable(direct));
        } catch (SshScanException e) {
            lines.add("失败: " + e.getMessage());
            return new Report(false, lines);
        } catch (Exception e) {
            lines.add("失败: " + e.getMessage());
            return new Report(false, lines);
        }
        if (!target.useSudo()) {
            lines.add("sudo: 未启用 (--sudo not set); 无读取权限的文件将记为 PERMISSION_DENIED");
            try (SshHostAccess direct = SshHostAccess.connect(plain, targets.credential(stored), options)) {
                missing(direct, lines);
            } catch (Exception e) {
                lines.add("权限检查失败: " + e.getMessage());
            }
            return new Report(true, lines);
        }
        try (SshHostAccess sudo = SshHostAccess.connect(target, targets.credential(stored), options)) {
            lines.add("/etc/shadow 经 sudo 可读 (sudo -n cat): " + readable(sudo));
            try {
                int exit = sudo.run(FixedCommand.UNAME_R).exitCode();
                lines.add("sudo 固定命令 (sudo -n uname -r): " + (exit == 0 ? "可用 (ok)" : "退出码 " + exit));
            } catch (AccessException e) {
                lines.add("sudo 固定命令 (sudo -n uname -r): 不可用 — " + e.getMessage());
            }
            missing(sudo, lines);
        } catch (Exception e) {
            lines.add("sudo 检查失败: " + e.getMessage());
        }
        return new Report(true, lines);
    }

    /**
     * Tries everything a scan needs beyond plain reads — each root-only file, each directory the probes list, each
     * fixed command (the probes' declarations, as {@link ScannerSudoers} renders them) — and names every one refused,
     * so an operator fixes the account once instead of finding whole sections ERROR after a scan. Absent files and
     * commands are not missing permissions: the host simply does not have them.
     */
    private static void missing(SshHostAccess access, List<String> lines) {
        List<String> refused = new ArrayList<>();
        int tried = 0;
        for (String f : ScannerSudoers.rootOnlyFiles()) {
            tried++;
            try {
                byte[] b = access.read(f, 4 * 1024 * 1024);
                Arrays.fill(b, (byte) 0);
            } catch (AccessException e) {
                if (e.kind() == ErrorKind.PERMISSION_DENIED) {
                    refused.add("读取 " + f + "：" + e.getMessage());
                }
            }
        }
        for (String d : ScannerSudoers.listedDirectories()) {
            if (Glob.hasWildcard(d)) {
                continue;
            }
            tried++;
            try {
                access.list(d);
            } catch (AccessException e) {
                if (e.kind() == ErrorKind.PERMISSION_DENIED) {
                    refused.add("列出 " + d + "/：" + e.getMessage());
                }
            }
        }
        for (FixedCommand c : ScannerSudoers.commands()) {
            tried++;
            try {
                access.run(c);
            } catch (AccessException e) {
                if (e.kind() == ErrorKind.PERMISSION_DENIED) {
                    refused.add("运行 " + String.join(" ", c.argv()) + "：" + e.getMessage());
                }
            }
        }
        if (refused.isEmpty()) {
            lines.add("扫描所需权限: 齐全 (all " + tried + " reads, listings and commands allowed)");
            return;
        }
        lines.add("缺少的权限 (missing permissions): " + refused.size() + " / " + tried
                + "（所需 sudoers 见 docs/scanner-account.md）");
        refused.forEach(r -> lines.add("  - " + r));
    }

    private static String readable(SshHostAccess access) {
        try {
            byte[] b = access.read("/etc/shadow", 4 * 1024 * 1024);
            Arrays.fill(b, (byte) 0);
            return "是 (yes)";
        } catch (AccessException e) {
            return "否 (no): " + e.kind() + " — " + e.getMessage();
        }
    }
}
