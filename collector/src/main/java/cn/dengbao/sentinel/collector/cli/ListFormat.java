package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.store.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --format table|json} of the list commands ({@code @Mixin ListFormat format;}): a table for people, or a
 * JSON array with one object per row and ISO-8601 (UTC) times for scripts.
 */
final class ListFormat {
    enum Format { table, json }

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table or json (default: ${DEFAULT-VALUE}); json is an array of objects, times ISO-8601.")
    Format format;

    boolean json() {
        return format == Format.json;
    }

    static void printJson(PrintWriter out, List<?> rows) {
        out.println(Json.write(rows));
        out.flush();
    }

    /** A time in JSON output: ISO-8601 in UTC, null when unset. */
    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
