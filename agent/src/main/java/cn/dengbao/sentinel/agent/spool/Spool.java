package cn.dengbao.sentinel.agent.spool;

import cn.dengbao.sentinel.pki.SecureFiles;
import cn.dengbao.sentinel.proto.FactReport;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded on-disk queue of reports not yet acknowledged by the collector. A report is written here (fsync,
 * atomic rename) BEFORE it is sent and deleted only when the collector acknowledges it as stored, so a crash or a
 * collector outage loses nothing. When the spool is full the oldest reports are dropped, and the number dropped is
 * kept on disk until the collector has received it in a Hello: drops are never silent.
 */
public final class Spool {
    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final String SUFFIX = ".report";
    private static final String DROPPED_FILE = "dropped.count";
    /** Dead letters kept for ops to inspect (the oldest go first). */
    static final int MAX_DEAD_LETTERS = 50;

    private final Path dir;
    private final int maxFiles;
    private final long maxBytes;
    /** file name (sortable: creation time, sequence) → entry; oldest first. */
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private long totalBytes;
    private long dropped;
    private final DeadLetters deadLetters;

    /** One spooled report. */
    public record Entry(String reportId, Path file, long size) {
    }

    public Spool(Path dir, int maxFiles, long maxBytes) throws IOException {
        if (maxFiles < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("spool limits must be positive");
        }
        this.dir = SecureFiles.privateDir(dir);
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        this.deadLetters = new DeadLetters(this.dir.resolve("dead"), MAX_DEAD_LETTERS);
        load();
    }

    /** Reports set aside for good (see {@link DeadLetters}), kept under {@code <spool>/dead}. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /**
     * Moves a spooled report to the dead letters with its reason: it will not be sent again, and the reports
     * behind it go ahead.
     * @return false when the report is no longer spooled
     */
    public boolean setAside(String reportId, String reason) throws IOException {
        Entry e;
        synchronized (this) {
            Optional<Map.Entry<String, Entry>> found = find(reportId);
            if (found.isEmpty()) {
                return false;
            }
            e = found.get().getValue();
        }
        byte[] data = null;
        try {
            data = e.size() <= DeadLetters.MAX_KEPT_REPORT_BYTES ? Files.readAllBytes(e.file()) : null;
        } catch (NoSuchFileException gone) {
            // removed meanwhile: keep the reason only
        }
        deadLetters.add(reportId, data, reason);
        return remove(reportId);
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.contains(".tmp-")) {
                    Files.deleteIfExists(p); // half-written before a crash: never renamed, so never acknowledged
                } else if (name.endsWith(SUFFIX)) {
                    String id = reportIdOf(name);
                    if (id == null) {
                        continue;
                    }
                    long size = Files.size(p);
                    entries.put(name, new Entry(id, p, size));
                    totalBytes += size;
                }
            }
        }
        Path df = dir.resolve(DROPPED_FILE);
        if (Files.isRegularFile(df)) {
            try {
                dropped = Long.parseLong(Files.readString(df, StandardCharsets.US_ASCII).strip());
            } catch (NumberFormatException e) {
                dropped = 0;
            }
        }
        if (!entries.isEmpty()) {
            String last = entries.lastKey();
            sequence.set(parseSequence(last) + 1);
        }
    }

    /**
     * Writes a report durably. If the spool is then over its limits, the oldest reports are dropped and counted.
     * @return the number of reports dropped to make room (0 normally)
     */
    public synchronized int put(FactReport report) throws IOException {
        byte[] data = report.toByteArray();
        String name = String.format("r-%013d-%09d-%s%s", System.currentTimeMillis(), sequence.getAndIncrement(),
                safeId(report.getReportId()), SUFFIX);
        Path file = dir.resolve(name);
        SecureFiles.writeAtomically(file, data);
        entries.put(name, new Entry(report.getReportId(), file, data.length));
        totalBytes += data.length;
        int n = 0;
        // Keep the newest report even if it alone exceeds maxBytes: it is the freshest state of the host.
        while (entries.size() > 1 && (entries.size() > maxFiles || totalBytes > maxBytes)) {
            Map.Entry<String, Entry> oldest = entries.firstEntry();
            deleteFile(oldest.getValue());
            entries.remove(oldest.getKey());
            totalBytes -= oldest.getValue().size();
            n++;
        }
        if (n > 0) {
            dropped += n;
            persistDropped();
            LOG.log(System.Logger.Level.WARNING, "spool full (max {0} files / {1} bytes): dropped {2} oldest report(s),"
                    + " {3} dropped since the collector was last told", maxFiles, maxBytes, n, dropped);
        }
        return n;
    }

    /** Pending reports, oldest first. */
    public synchronized List<Entry> pending() {
        return new ArrayList<>(entries.values());
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return totalBytes;
    }

    public synchronized boolean contains(String reportId) {
        return find(reportId).isPresent();
    }

    /** Reads a spooled report; a corrupt file is removed and counted as dropped (and logged), never resent. */
    public Optional<FactReport> read(Entry e) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(e.file());
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        try {
            return Optional.of(FactReport.parseFrom(data));
        } catch (InvalidProtocolBufferException bad) {
            synchronized (this) {
                if (remove(e.reportId())) {
                    dropped++;
                    persistDropped();
                }
            }
            LOG.log(System.Logger.Level.WARNING, "spooled report {0} is corrupt and was dropped", e.reportId());
            return Optional.empty();
        }
    }

    /** Deletes a report once the collector has acknowledged it as stored. */
    public synchronized boolean remove(String reportId) {
        Optional<Map.Entry<String, Entry>> found = find(reportId);
        if (found.isEmpty()) {
            return false;
        }
        Entry e = found.get().getValue();
        deleteFile(e);
        entries.remove(found.get().getKey());
        totalBytes -= e.size();
        return true;
    }

    /** Reports dropped since the collector was last told (sent in Hello.spool_dropped). */
    public synchronized long dropped() {
        return dropped;
    }

    /** The collector received a Hello carrying {@code reported} drops: subtract them (more may have happened since). */
    public synchronized void droppedReported(long reported) throws IOException {
        if (reported <= 0) {
            return;
        }
        dropped = Math.max(0, dropped - reported);
        persistDropped();
    }

    private Optional<Map.Entry<String, Entry>> find(String reportId) {
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            if (me.getValue().reportId().equals(reportId)) {
                return Optional.of(me);
            }
        }
        return Optional.empty();
    }

    private void deleteFile(Entry e) {
        try {
            Files.deleteIfExists(e.file());
            SecureFiles.fsyncDir(dir);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot delete spooled report " + e.file(), ex);
        }
    }

    private void persistDropped() throws IOException {
        SecureFiles.writeAtomically(dir.resolve(DROPPED_FILE), Long.toString(dropped).getBytes(StandardCharsets.US_ASCII));
    }

    private static String safeId(String id) {
        if (!id.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("report id has characters not allowed in a file name");
        }
        return id;
    }

    private static String reportIdOf(String name) {
        // r-<13 digits>-<9 digits>-<id>.report
        String core = name.substring(0, name.length() - SUFFIX.length());
        if (!core.startsWith("r-") || core.length() < 27) {
            return null;
        }
        return core.substring(26);
    }

    private static long parseSequence(String name) {
        try {
            return Long.parseLong(name.substring(16, 25));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
