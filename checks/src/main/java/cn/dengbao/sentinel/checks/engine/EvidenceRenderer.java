package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns what an evidence expression yields into bounded Evidence entries: a Setting becomes "key = value" with
 * its Source, a Source its excerpt, a message with a non-empty string "summary" that summary (with its source), a
 * message with a source field that source, strings themselves; lists and
 * maps are flattened. At most {@link #MAX_ITEMS} entries per expression, each text at most {@link #MAX_TEXT}.
 */
final class EvidenceRenderer {

    static final int MAX_ITEMS = 20;
    static final int MAX_TEXT = 400;

    private EvidenceRenderer() {}

    static List<Evidence> render(String label, Object value, String absent) {
        List<Object> items = new ArrayList<>();
        flatten(value, items);
        List<Evidence> out = new ArrayList<>();
        if (items.isEmpty()) {
            if (absent != null) {
                out.add(text(label, absent));
            }
            return out;
        }
        int n = 0;
        for (Object item : items) {
            if (n == MAX_ITEMS) {
                out.add(text(label, "……另有 " + (items.size() - MAX_ITEMS) + " 项未列出"));
                break;
            }
            out.add(one(label, item));
            n++;
        }
        return out;
    }

    static Evidence text(String label, String text) {
        return Evidence.newBuilder().setText(bound(prefix(label) + text)).build();
    }

    private static void flatten(Object v, List<Object> out) {
        if (v == null) {
            return;
        }
        if (v instanceof Map<?, ?> m) {
            for (Object x : m.values()) {
                flatten(x, out);
            }
        } else if (v instanceof Collection<?> c) {
            for (Object x : c) {
                flatten(x, out);
            }
        } else if (v instanceof String s && s.isEmpty()) {
            // an empty string is "nothing found", not an item
        } else {
            out.add(v);
        }
    }

    private static Evidence one(String label, Object item) {
        if (item instanceof Message m) {
            String type = m.getDescriptorForType().getFullName();
            if (type.equals(Setting.getDescriptor().getFullName())) {
                Setting s = as(m, Setting.class);
                Evidence.Builder b = Evidence.newBuilder().setText(bound(prefix(label) + s.getKey() + " = " + s.getValue()));
                if (s.hasSource()) {
                    b.setSource(s.getSource());
                }
                return b.build();
            }
            if (type.equals(Source.getDescriptor().getFullName())) {
                Source src = as(m, Source.class);
                return Evidence.newBuilder().setText(bound(prefix(label) + describe(src))).setSource(src).build();
            }
            Source src = sourceOf(m);
            String summary = summaryOf(m);
            if (summary != null) {
                Evidence.Builder b = Evidence.newBuilder().setText(bound(prefix(label) + summary));
                return (src == null ? b : b.setSource(src)).build();
            }
            if (src != null) {
                return Evidence.newBuilder().setText(bound(prefix(label) + describe(src))).setSource(src).build();
            }
            return text(label, TextFormat.printer().emittingSingleLine(true).printToString(m));
        }
        if (item instanceof Boolean b) {
            return text(label, b ? "是" : "否");
        }
        return text(label, String.valueOf(item));
    }

    /** A message that writes its own evidence line (e.g. SshOverride.summary: the Match block, whom it reaches, the line). */
    private static String summaryOf(Message m) {
        FieldDescriptor fd = m.getDescriptorForType().findFieldByName("summary");
        if (fd == null || fd.isRepeated() || fd.getType() != FieldDescriptor.Type.STRING) {
            return null;
        }
        String s = (String) m.getField(fd);
        return s.isEmpty() ? null : s;
    }

    /** The first set field named "source" or ending in "_source" (e.g. Account.passwd_source). */
    private static Source sourceOf(Message m) {
        for (FieldDescriptor fd : m.getDescriptorForType().getFields()) {
            if (fd.getType() == FieldDescriptor.Type.MESSAGE && !fd.isRepeated()
                    && (fd.getName().equals("source") || fd.getName().endsWith("_source"))
                    && fd.getMessageType().getFullName().equals(Source.getDescriptor().getFullName())
                    && m.hasField(fd)) {
                return as((Message) m.getField(fd), Source.class);
            }
        }
        return null;
    }

    private static String describe(Source src) {
        if (!src.getExcerpt().isEmpty()) {
            return src.getExcerpt();
        }
        if (!src.getPath().isEmpty()) {
            return src.getPath() + (src.getLine() > 0 ? ":" + src.getLine() : "");
        }
        return src.getCommand();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T as(Message m, Class<T> type) {
        if (type.isInstance(m)) {
            return (T) m;
        }
        // CEL may hand back a DynamicMessage of the same type; re-parse it into the generated class.
        try {
            if (type == Setting.class) {
                return (T) Setting.parseFrom(m.toByteString());
            }
            return (T) Source.parseFrom(m.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String prefix(String label) {
        return label == null || label.isBlank() ? "" : label + "：";
    }

    static String bound(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
