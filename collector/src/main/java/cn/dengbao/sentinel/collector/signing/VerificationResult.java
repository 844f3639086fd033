package cn.dengbao.sentinel.collector.signing;

import java.util.List;

/** Outcome of verifying a signed export: valid only when {@code problems} is empty. */
public record VerificationResult(Manifest manifest, List<String> problems) {
    public boolean valid() {
        return problems.isEmpty();
    }
}
