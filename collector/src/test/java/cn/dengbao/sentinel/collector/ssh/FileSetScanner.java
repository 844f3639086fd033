package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.ProbeRegistry;
import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.HostAccess;
import cn.dengbao.sentinel.probes.support.Glob;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.CollectionError;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads (and stats) the files the probes read and lists the directories they list, without interpreting anything:
 * the load of a real scan, for the benchmark and for tests that must not depend on the probes' logic. The lists are
 * derived from the probes' declarations ({@link ProbeRegistry#paths()}), so they follow the probes. Missing files
 * are normal; other failures become collection errors.
 */
public final class FileSetScanner implements HostScanner {

    /** Every plain path the probes and the host header read. */
    public static final List<String> FILES = ProbeRegistry.paths().stream()
            .filter(p -> p.use() == ProbePath.Use.READ && !p.isGlob()).map(ProbePath::pattern).distinct().toList();
    /** Every directory they list, and every directory a glob of theirs is expanded in. */
    public static final List<String> DIRS = ProbeRegistry.paths().stream()
            .map(p -> p.use() == ProbePath.Use.LIST ? p.pattern() : p.isGlob() ? p.parent() : null)
            .filter(d -> d != null && !Glob.hasWildcard(d)).distinct().toList();

    @Override
    public Facts collect(HostAccess access) {
        long start = System.nanoTime();
        Facts.Builder facts = Facts.newBuilder().setSchemaVersion("1").setReportId(java.util.UUID.randomUUID().toString());
        String hostname = "";
        for (String f : FILES) {
            try {
                access.stat(f, true);
                byte[] content = access.read(f, ProbeFiles.MAX_DATABASE_BYTES);
                if (f.equals("/etc/hostname")) {
                    hostname = new String(content, StandardCharsets.UTF_8).strip();
                }
            } catch (AccessException e) {
                record(facts, e);
            }
        }
        for (String d : DIRS) {
            try {
                access.list(d);
            } catch (AccessException e) {
                record(facts, e);
            }
        }
        facts.setHost(HostInfo.newBuilder()
                .setHostname(hostname)
                .setAccessMode(access.mode())
                .setCollectedAtEpochMs(System.currentTimeMillis())
                .setCollectionMillis((System.nanoTime() - start) / 1_000_000));
        return facts.build();
    }

    private static void record(Facts.Builder facts, AccessException e) {
        if (!e.notFound()) {
            facts.addCollectionErrors(CollectionError.newBuilder()
                    .setFact("files").setPath(e.path() == null ? "" : e.path()).setKind(e.kind()).setDetail(e.getMessage()));
        }
    }
}
