package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Source;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evidence as JSON: [{"text":…, "source":{"path","line","command","excerpt"}}]. Kept readable in SQL for
 * assessors and exports; bounded so one hostile report cannot bloat the table.
 */
public final class EvidenceJson {
    static final int MAX_ITEMS = 200;
    static final int MAX_FIELD = 4000;

    private EvidenceJson() {}

    public static String write(List<Evidence> evidence) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Evidence e : evidence.subList(0, Math.min(MAX_ITEMS, evidence.size()))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("text", cut(e.getText()));
            if (e.hasSource()) {
                Source s = e.getSource();
                Map<String, Object> src = new LinkedHashMap<>();
                if (!s.getPath().isEmpty()) {
                    src.put("path", cut(s.getPath()));
                }
                if (s.getLine() != 0) {
                    src.put("line", s.getLine());
                }
                if (!s.getCommand().isEmpty()) {
                    src.put("command", cut(s.getCommand()));
                }
                if (!s.getExcerpt().isEmpty()) {
                    src.put("excerpt", cut(s.getExcerpt()));
                }
                item.put("source", src);
            }
            out.add(item);
        }
        return Json.write(out);
    }

    public static List<Evidence> read(String json) {
        List<Evidence> out = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            for (JsonNode n : Json.MAPPER.readTree(json)) {
                Evidence.Builder b = Evidence.newBuilder().setText(n.path("text").asText(""));
                JsonNode s = n.get("source");
                if (s != null && s.isObject()) {
                    b.setSource(Source.newBuilder().setPath(s.path("path").asText(""))
                            .setLine(s.path("line").asInt(0)).setCommand(s.path("command").asText(""))
                            .setExcerpt(s.path("excerpt").asText("")));
                }
                out.add(b.build());
            }
        } catch (java.io.IOException e) {
            throw new StoreException("corrupt evidence JSON in store", e);
        }
        return out;
    }

    private static String cut(String s) {
        return s.length() <= MAX_FIELD ? s : s.substring(0, MAX_FIELD) + "…";
    }
}
