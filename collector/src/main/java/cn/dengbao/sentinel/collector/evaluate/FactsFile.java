package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.proto.json.FactsJson;
import cn.dengbao.sentinel.proto.Facts;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a facts file written by {@code sentinel-agent collect}. The content is untrusted agent input. */
public final class FactsFile {
    /** A real host's facts are well under 8 MiB; a larger file is refused rather than parsed. */
    public static final int MAX_BYTES = 32 * 1024 * 1024;

    private FactsFile() {
    }

    public static Facts read(Path file) throws InvalidFactsException {
        Facts facts;
        try {
            facts = FactsJson.read(file, MAX_BYTES);
        } catch (NoSuchFileException e) {
            throw new InvalidFactsException("事实文件不存在 (facts file not found): " + file);
        } catch (IOException e) {
            throw new InvalidFactsException("事实文件无法使用 (cannot use facts file) " + file + ": " + e.getMessage());
        }
        java.util.Optional<String> tooCostly = cn.dengbao.sentinel.proto.json.FactsLimits.problem(facts);
        if (tooCostly.isPresent()) {
            throw new InvalidFactsException("事实文件超出单份报告的上限 (refused) " + file + ": " + tooCostly.get());
        }
        // an empty JSON object parses, but judging it would turn every rule into ERROR for no visible reason
        if (!facts.hasHost() && !facts.hasOs() && !facts.hasAccounts()) {
            throw new InvalidFactsException("文件中没有事实 (no facts in " + file + ": expected the JSON written by "
                    + "'sentinel-agent collect')");
        }
        return facts;
    }

    /** Input that cannot be evaluated; the CLI reports it with exit code 2. */
    public static final class InvalidFactsException extends Exception {
        public InvalidFactsException(String message) {
            super(message);
        }
    }
}
