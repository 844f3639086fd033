package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.probes.access.LocalAccess;
import cn.dengbao.sentinel.proto.json.SectionNames;
import cn.dengbao.sentinel.probes.FactsCollector;
import cn.dengbao.sentinel.probes.ProbeRegistry;
import cn.dengbao.sentinel.probes.packages.PendingUpdatesCache;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code evaluate --local}: this host's facts collected in this process with the agent's own probes and
 * {@link LocalAccess}, exactly what {@code sentinel-agent collect} would write, without a second JVM and without
 * the JSON round trip.
 */
public final class LocalFacts {
    private LocalFacts() {
    }

    /** The facts; an unknown section name is an IllegalArgumentException. Warnings go to {@code err}. */
    public static Facts collect(List<String> sectionNames, Path cacheDir, PrintWriter err) {
        List<FactSection> wanted = new ArrayList<>();
        for (String s : sectionNames) {
            wanted.add(SectionNames.parse(s).orElseThrow(
                    () -> new IllegalArgumentException("未知的事实部分 (unknown section) '" + s + "'")));
        }
        // only the packages probe uses the cache: do not create its directory for other sections
        boolean packages = wanted.isEmpty() || wanted.contains(FactSection.SECTION_PACKAGES);
        PendingUpdatesCache cache = !packages ? null : PendingUpdatesCache.open(
                cacheDir != null ? cacheDir : PendingUpdatesCache.defaultDir(), Clock.systemUTC()).orElse(null);
        if (packages && cache == null && cacheDir != null) {
            err.println("警告: --cache-dir " + cacheDir + " 不可用，待安装更新不缓存 (not usable; pending updates are not cached)");
        }
        try (LocalAccess access = new LocalAccess()) {
            return new FactsCollector(ProbeRegistry.all(cache), Clock.systemUTC()).collect(access, wanted);
        }
    }
}
