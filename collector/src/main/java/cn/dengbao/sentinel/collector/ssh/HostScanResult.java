package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.proto.Facts;
import java.time.Duration;

/** Outcome of one host scan: facts, or why there are none (operator-facing, no secrets). */
public record HostScanResult(SshTarget target, Facts facts, String error, Duration elapsed) {

    public boolean ok() {
        return facts != null;
    }

    public static HostScanResult ok(SshTarget target, Facts facts, Duration elapsed) {
        return new HostScanResult(target, facts, null, elapsed);
    }

    public static HostScanResult failed(SshTarget target, String error, Duration elapsed) {
        return new HostScanResult(target, null, error, elapsed);
    }
}
