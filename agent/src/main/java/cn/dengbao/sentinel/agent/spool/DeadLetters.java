package cn.dengbao.sentinel.agent.spool;

import cn.dengbao.sentinel.pki.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reports the collector will never take (over its size limit, refused as invalid, or killing the stream each time
 * they are sent), set aside instead of being resent forever: one report stuck at the head of the spool would
 * otherwise hold every newer report behind it. Each entry keeps the reason and, when small, the report itself for
 * ops to inspect. Bounded by count (the oldest go first); the count since the collector was last told travels in
 * the next Hello, like spool drops.
 */
public final class DeadLetters {
    private static final System.Logger LOG = System.getLogger(DeadLetters.class.getName());
    private static final String UNREPORTED_FILE = "unreported.count";
    /** Larger reports keep only their reason: a dead-letter folder must not fill the disk. */
    static final int MAX_KEPT_REPORT_BYTES = 1024 * 1024;

    private final Path dir;
    private final int maxEntries;
    private final TreeMap<String, Path> reasons = new TreeMap<>();
    private long unreported;
    private String lastReason = "";
    private long seq;

    /** A dead letter: when, which report, why. */
    public record Letter(String reportId, String reason) {
    }

    public DeadLetters(Path dir, int maxEntries) throws IOException {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("dead-letter limit must be positive");
        }
        this.dir = SecureFiles.privateDir(dir);
        this.maxEntries = maxEntries;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(this.dir, "d-*.reason")) {
            for (Path p : ds) {
                reasons.put(p.getFileName().toString(), p);
            }
        }
        Path u = this.dir.resolve(UNREPORTED_FILE);
        if (Files.isRegularFile(u)) {
            try {
                unreported = Long.parseLong(Files.readString(u, StandardCharsets.US_ASCII).strip());
            } catch (NumberFormatException e) {
                unreported = 0;
            }
        }
        if (!reasons.isEmpty()) {
            lastReason = Files.readString(reasons.lastEntry().getValue(), StandardCharsets.UTF_8).strip();
        }
        seq = reasons.size();
    }

    /** Sets a report aside with its reason; {@code report} (may be null) is kept only when small. */
    public synchronized void add(String reportId, byte[] report, String reason) throws IOException {
        String base = String.format("d-%013d-%06d-%s", System.currentTimeMillis(), seq++ % 1_000_000,
                reportId.replaceAll("[^A-Za-z0-9._-]", "_"));
        Path reasonFile = dir.resolve(base + ".reason");
        SecureFiles.writeAtomically(reasonFile, (reportId + "\n" + reason + "\n").getBytes(StandardCharsets.UTF_8));
        if (report != null && report.length <= MAX_KEPT_REPORT_BYTES) {
            SecureFiles.writeAtomically(dir.resolve(base + ".report"), report);
        }
        reasons.put(reasonFile.getFileName().toString(), reasonFile);
        while (reasons.size() > maxEntries) {
            String oldest = reasons.firstKey();
            Files.deleteIfExists(reasons.remove(oldest));
            Files.deleteIfExists(dir.resolve(oldest.replaceFirst("\\.reason$", ".report")));
        }
        unreported++;
        lastReason = reason;
        persist();
        LOG.log(System.Logger.Level.WARNING, "report {0} set aside in {1}: {2}", reportId, dir, reason);
    }

    /** Entries kept, oldest first. */
    public synchronized List<Letter> list() throws IOException {
        List<Letter> out = new ArrayList<>();
        for (Path p : reasons.values()) {
            String[] lines = Files.readString(p, StandardCharsets.UTF_8).split("\n", 2);
            out.add(new Letter(lines[0], lines.length > 1 ? lines[1].strip() : ""));
        }
        return out;
    }

    /** Dead letters since the collector was last told (sent in Hello.dead_letters). */
    public synchronized long unreported() {
        return unreported;
    }

    public synchronized String lastReason() {
        return lastReason;
    }

    /** The collector received a Hello carrying {@code reported} dead letters. */
    public synchronized void reported(long reported) throws IOException {
        if (reported > 0) {
            unreported = Math.max(0, unreported - reported);
            persist();
        }
    }

    private void persist() throws IOException {
        SecureFiles.writeAtomically(dir.resolve(UNREPORTED_FILE), Long.toString(unreported).getBytes(StandardCharsets.US_ASCII));
    }
}
