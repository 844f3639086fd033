package cn.dengbao.sentinel.collector.ssh;

/** The server presented a host key other than the pinned one: possible man-in-the-middle, or a reinstalled host. */
public final class HostKeyMismatchException extends SshScanException {

    private final String expected;
    private final String presented;

    public HostKeyMismatchException(String target, String expected, String presented) {
        super(Reason.HOST_KEY, "主机密钥不匹配, 已拒绝连接 (host key mismatch) — 目标 " + target
                + ": 预期 expected " + expected + ", 实际 presented " + presented
                + "。若主机确已重装, 请核实新指纹后用 targets remove/add 重新登记。");
        this.expected = expected;
        this.presented = presented;
    }

    public String expected() {
        return expected;
    }

    public String presented() {
        return presented;
    }
}
