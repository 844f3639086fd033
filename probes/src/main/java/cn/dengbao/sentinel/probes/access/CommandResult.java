package cn.dengbao.sentinel.probes.access;

/** Output of a fixed command; stdout is bounded by the access implementation. */
public record CommandResult(FixedCommand command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }
}
