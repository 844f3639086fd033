package cn.dengbao.sentinel.collector.cli;

import cn.dengbao.sentinel.collector.store.Json;
import cn.dengbao.sentinel.collector.store.StoreException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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

    /** One JSON array: {@code row} turns each item into its object. */
    static <T> void printJson(PrintWriter out, List<T> items, Function<T, Map<String, Object>> row) {
        out.println(Json.write(items.stream().map(row).toList()));
        out.flush();
    }

    /** A JSON column (audit details, scan errors) as JSON in the output, not as a string holding JSON. */
    static JsonNode parsed(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }

    /** A time in JSON output: ISO-8601 in UTC, null when unset. */
    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
