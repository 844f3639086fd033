package cn.dengbao.sentinel.proto.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a JSON document has the shape of a message before protobuf's JSON parser sees it. That parser is
 * lenient where a facts file must not be: it reads {@code "hostname": ["a"]} as "a" and accepts enum numbers that
 * name nothing we print. Facts come from hosts, so a value of the wrong kind is refused with its path
 * ({@code host.hostname: expected a string, found an array}), never coerced into a verdict.
 * <p>
 * The accepted kinds are those our printer writes, plus the proto3 JSON forms a hand-written file may use:
 * 64-bit integers as numbers or strings, enums by name only, null for "unset". Unknown fields are left to the
 * parser (a newer agent may add some).
 */
final class JsonShape {
    private static final java.util.Set<String> NON_FINITE = java.util.Set.of("NaN", "Infinity", "-Infinity");

    private JsonShape() {
    }

    /** The first mismatch as "path: reason", or empty when the document fits {@code type}. */
    static Optional<String> mismatch(JsonElement json, Descriptor type) {
        return message(json, type, "");
    }

    private static Optional<String> message(JsonElement json, Descriptor type, String path) {
        if (!json.isJsonObject()) {
            return Optional.of(where(path) + "expected an object, found " + kind(json));
        }
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject().entrySet()) {
            FieldDescriptor f = field(type, e.getKey());
            if (f == null || e.getValue().isJsonNull()) {
                continue;
            }
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            Optional<String> bad = f.isMapField() ? map(e.getValue(), f, p)
                    : f.isRepeated() ? repeated(e.getValue(), f, p)
                    : single(e.getValue(), f, p);
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private static FieldDescriptor field(Descriptor type, String jsonName) {
        FieldDescriptor f = type.findFieldByName(jsonName);
        if (f != null) {
            return f;
        }
        for (FieldDescriptor candidate : type.getFields()) {
            if (candidate.getJsonName().equals(jsonName)) {
                return candidate;
            }
        }
        return null;
    }

    private static Optional<String> repeated(JsonElement json, FieldDescriptor f, String path) {
        if (!json.isJsonArray()) {
            return Optional.of(where(path) + "expected an array, found " + kind(json));
        }
        JsonArray a = json.getAsJsonArray();
        for (int i = 0; i < a.size(); i++) {
            Optional<String> bad = single(a.get(i), f, path + "[" + i + "]");
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> map(JsonElement json, FieldDescriptor f, String path) {
        if (!json.isJsonObject()) {
            return Optional.of(where(path) + "expected an object (a map), found " + kind(json));
        }
        FieldDescriptor value = f.getMessageType().findFieldByName("value");
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject().entrySet()) {
            Optional<String> bad = single(e.getValue(), value, path + "[\"" + e.getKey() + "\"]");
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> single(JsonElement json, FieldDescriptor f, String path) {
        if (json.isJsonNull()) {
            return Optional.empty();
        }
        return switch (f.getJavaType()) {
            case MESSAGE -> message(json, f.getMessageType(), path);
            case STRING, BYTE_STRING -> string(json) ? Optional.empty() : expected(path, "a string", json);
            case BOOLEAN -> primitive(json) && json.getAsJsonPrimitive().isBoolean()
                    ? Optional.empty() : expected(path, "true or false", json);
            case INT -> number(json) ? Optional.empty() : expected(path, "a number", json);
            // proto3 JSON writes the non-finite floating values as these strings
            case FLOAT, DOUBLE -> number(json) || string(json) && NON_FINITE.contains(json.getAsString())
                    ? Optional.empty() : expected(path, "a number", json);
            // proto3 JSON writes 64-bit integers as strings; a hand-written file may use numbers
            case LONG -> number(json) || string(json) ? Optional.empty() : expected(path, "a number", json);
            case ENUM -> string(json) ? enumName(json.getAsString(), f, path)
                    : expected(path, "one of the names of " + f.getEnumType().getName(), json);
        };
    }

    private static Optional<String> enumName(String name, FieldDescriptor f, String path) {
        return f.getEnumType().findValueByName(name) != null ? Optional.empty()
                : Optional.of(where(path) + "'" + shorten(name) + "' is not a value of " + f.getEnumType().getName());
    }

    private static Optional<String> expected(String path, String what, JsonElement found) {
        return Optional.of(where(path) + "expected " + what + ", found " + kind(found));
    }

    private static boolean primitive(JsonElement json) {
        return json.isJsonPrimitive();
    }

    private static boolean string(JsonElement json) {
        return primitive(json) && json.getAsJsonPrimitive().isString();
    }

    private static boolean number(JsonElement json) {
        return primitive(json) && json.getAsJsonPrimitive().isNumber();
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static String kind(JsonElement json) {
        if (json.isJsonObject()) {
            return "an object";
        }
        if (json.isJsonArray()) {
            return "an array";
        }
        if (json.isJsonNull()) {
            return "null";
        }
        JsonPrimitive p = json.getAsJsonPrimitive();
        return p.isBoolean() ? "a boolean" : p.isNumber() ? "a number" : "a string";
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

}
