package cn.dengbao.sentinel.checks.ruletests;

import cn.dengbao.sentinel.proto.Facts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "change" of a rule test case: fact fields removed, set and appended, applied in that order to a base host's
 * facts JSON (proto field names). Every path is checked against the facts schema, so a mistyped field name is an
 * error naming the path, never a silent no-op that would let a case pass on the unchanged host.
 *
 * <p>Path syntax: {@code section.field.field}; a map key is a plain segment ({@code sshd.options.maxauthtries}) or
 * quoted ({@code login_defs."A.B"}); a list element is chosen with {@code [3]} (index from 0) or
 * {@code [name=alice]} (the element whose field equals the text; the first match).
 */
public record FactsPatch(List<String> remove, Map<String, JsonNode> set, Map<String, JsonNode> append) {

    public static final FactsPatch NONE = new FactsPatch(List.of(), Map.of(), Map.of());

    public FactsPatch {
        remove = List.copyOf(remove);
        set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
        append = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(append));
    }

    public int size() {
        return remove.size() + set.size() + append.size();
    }

    /** Applies the change to a copy of {@code base}; a bad path throws {@link IllegalArgumentException}. */
    public ObjectNode applyTo(ObjectNode base) {
        ObjectNode doc = base.deepCopy();
        for (String p : remove) {
            Location at = resolve(doc, parse(p), false, p);
            if (at != null) {
                at.remove();
            }
        }
        for (Map.Entry<String, JsonNode> e : set.entrySet()) {
            resolve(doc, parse(e.getKey()), true, e.getKey()).set(e.getValue().deepCopy());
        }
        for (Map.Entry<String, JsonNode> e : append.entrySet()) {
            Location at = resolve(doc, parse(e.getKey()), true, e.getKey());
            if (at.field == null || !at.field.isRepeated() || at.field.isMapField() || at.index >= 0) {
                throw new IllegalArgumentException("append 的路径必须是列表字段：" + e.getKey());
            }
            JsonNode existing = ((ObjectNode) at.parent).get(at.key);
            ArrayNode list = existing instanceof ArrayNode a ? a : ((ObjectNode) at.parent).putArray(at.key);
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> list.add(v.deepCopy()));
            } else {
                list.add(e.getValue().deepCopy());
            }
        }
        return doc;
    }

    // ------------------------------------------------------------------ paths

    /** One path segment: a field or map key, optionally followed by one list selector. */
    record Segment(String name, String selector) {}

    static List<Segment> parse(String path) {
        List<Segment> out = new ArrayList<>();
        int i = 0;
        int n = path.length();
        if (n == 0) {
            throw new IllegalArgumentException("路径为空");
        }
        while (i < n) {
            String name;
            if (path.charAt(i) == '"') {
                int close = path.indexOf('"', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("路径中引号未闭合：" + path);
                }
                name = path.substring(i + 1, close);
                i = close + 1;
            } else {
                int j = i;
                while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
                    j++;
                }
                name = path.substring(i, j);
                i = j;
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("路径中有空的段：" + path);
            }
            String selector = null;
            if (i < n && path.charAt(i) == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("路径中 [ 未闭合：" + path);
                }
                selector = path.substring(i + 1, close);
                i = close + 1;
            }
            out.add(new Segment(name, selector));
            if (i < n) {
                if (path.charAt(i) != '.') {
                    throw new IllegalArgumentException("路径格式错误（应为 a.b[sel].c）：" + path);
                }
                i++;
                if (i == n) {
                    throw new IllegalArgumentException("路径以 . 结尾：" + path);
                }
            }
        }
        return out;
    }

    /** Where a path ends: a key of an object or an index of an array, with the field it belongs to. */
    private static final class Location {
        final JsonNode parent;
        final String key;
        final int index;
        final FieldDescriptor field;

        Location(JsonNode parent, String key, int index, FieldDescriptor field) {
            this.parent = parent;
            this.key = key;
            this.index = index;
            this.field = field;
        }

        void set(JsonNode value) {
            if (index >= 0) {
                ((ArrayNode) parent).set(index, value);
            } else {
                ((ObjectNode) parent).set(key, value);
            }
        }

        void remove() {
            if (index >= 0) {
                ((ArrayNode) parent).remove(index);
            } else {
                ((ObjectNode) parent).remove(key);
            }
        }
    }

    /**
     * Walks the path through the document and the facts schema together. With {@code create}, missing objects on
     * the way are created; without, a missing part yields null (removing what is not there changes nothing) —
     * but an unknown field name or a list selector that matches nothing is always an error.
     */
    private static Location resolve(ObjectNode doc, List<Segment> path, boolean create, String text) {
        JsonNode node = doc;
        Descriptor type = Facts.getDescriptor();
        FieldDescriptor mapValue = null; // set when the current node is a map: the next segment is a key
        for (int s = 0; s < path.size(); s++) {
            Segment seg = path.get(s);
            boolean last = s == path.size() - 1;
            FieldDescriptor field;
            if (mapValue != null) {
                field = mapValue;
            } else {
                if (type == null) {
                    throw new IllegalArgumentException("路径 " + text + "：" + path.get(s - 1).name() + " 不是对象，不能再取 " + seg.name());
                }
                field = type.findFieldByName(seg.name());
                if (field == null) {
                    throw new IllegalArgumentException("路径 " + text + "：" + type.getName() + " 没有字段 " + seg.name()
                            + "（可用：" + String.join(", ", type.getFields().stream().map(FieldDescriptor::getName).toList()) + "）");
                }
            }
            ObjectNode obj = (ObjectNode) node;
            boolean isMap = mapValue == null && field.isMapField();
            boolean isList = mapValue == null && field.isRepeated() && !field.isMapField();
            mapValue = null;
            if (seg.selector() != null && !isList) {
                throw new IllegalArgumentException("路径 " + text + "：" + seg.name() + " 不是列表，不能用 [" + seg.selector() + "]");
            }
            if (last && seg.selector() == null) {
                return new Location(obj, seg.name(), -1, field);
            }
            JsonNode child = obj.get(seg.name());
            if (isList && seg.selector() != null) {
                if (!(child instanceof ArrayNode list)) {
                    if (!create && seg.selector().matches("[0-9]+")) {
                        return null;
                    }
                    throw new IllegalArgumentException("路径 " + text + "：列表 " + seg.name() + " 为空，[" + seg.selector() + "] 无匹配");
                }
                int idx = select(list, seg.selector(), text);
                FieldDescriptor element = field;
                if (last) {
                    return new Location(list, null, idx, element);
                }
                node = list.get(idx);
                if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !node.isObject()) {
                    throw new IllegalArgumentException("路径 " + text + "：" + seg.name() + " 的元素不是对象");
                }
                type = field.getMessageType();
                continue;
            }
            if (isList) {
                throw new IllegalArgumentException("路径 " + text + "：" + seg.name() + " 是列表，需用 [序号] 或 [字段=值] 选择元素");
            }
            if (child == null || child.isNull()) {
                if (!create) {
                    return null;
                }
                child = obj.putObject(seg.name());
            }
            if (!child.isObject()) {
                throw new IllegalArgumentException("路径 " + text + "：" + seg.name() + " 不是对象");
            }
            node = child;
            if (isMap) {
                mapValue = field.getMessageType().findFieldByName("value");
                type = null;
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                type = field.getMessageType();
            } else {
                type = null;
            }
        }
        throw new IllegalStateException("unreachable: " + text);
    }

    private static int select(ArrayNode list, String selector, String text) {
        if (selector.matches("[0-9]+")) {
            int idx = Integer.parseInt(selector);
            if (idx >= list.size()) {
                throw new IllegalArgumentException("路径 " + text + "：序号 " + idx + " 超出列表长度 " + list.size());
            }
            return idx;
        }
        int eq = selector.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("路径 " + text + "：选择器应为 [序号] 或 [字段=值]，而不是 [" + selector + "]");
        }
        String key = selector.substring(0, eq);
        String value = selector.substring(eq + 1);
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i).get(key);
            if (v != null && v.isValueNode() && v.asText().equals(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException("路径 " + text + "：没有 " + key + " 为 " + value + " 的元素");
    }

    static JsonNode text(String s) {
        return JsonNodeFactory.instance.textNode(s);
    }
}
