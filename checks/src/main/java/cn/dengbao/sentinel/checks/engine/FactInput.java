package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Facts;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;

/**
 * One part of {@link Facts} a rule's verdict may depend on, at the granularity the memo keys on:
 * <ul>
 *   <li>{@link Kind#WHOLE}: a top-level field with everything under it (a section used whole, collection_errors);
 *   <li>{@link Kind#FIELD}: one field of a section ({@code facts.accounts.today_days}), plus the section's
 *       presence. Finer than a section on purpose: {@code host.collected_at_epoch_ms},
 *       {@code os.uptime_seconds} and {@code accounts.today_days} change between reports while the fields next to
 *       them do not, so a rule reading {@code facts.os.kernel_cmdline} must not miss because the uptime moved;
 *   <li>{@link Kind#PRESENCE}: only whether a section is set ({@code has(facts.sshd)}, {@code requires}).
 * </ul>
 * Every digest starts with the section's presence bit, so an absent section never equals a present empty one.
 */
record FactInput(Kind kind, FieldDescriptor section, FieldDescriptor field) implements Comparable<FactInput> {

    enum Kind { WHOLE, FIELD, PRESENCE }

    static FactInput whole(FieldDescriptor section) {
        return new FactInput(Kind.WHOLE, section, null);
    }

    static FactInput field(FieldDescriptor section, FieldDescriptor field) {
        return new FactInput(Kind.FIELD, section, field);
    }

    static FactInput presence(FieldDescriptor section) {
        return new FactInput(Kind.PRESENCE, section, null);
    }

    /** By name, e.g. {@code whole("accounts")}; for the engine's own reads and tests. */
    static FactInput parse(String key) {
        Kind kind = key.startsWith("?") ? Kind.PRESENCE : key.contains(".") ? Kind.FIELD : Kind.WHOLE;
        String k = kind == Kind.PRESENCE ? key.substring(1) : key;
        String sectionName = kind == Kind.FIELD ? k.substring(0, k.indexOf('.')) : k;
        FieldDescriptor section = Facts.getDescriptor().findFieldByName(sectionName);
        if (section == null) {
            throw new IllegalArgumentException("no Facts field " + sectionName);
        }
        if (kind == Kind.FIELD) {
            FieldDescriptor f = section.getMessageType().findFieldByName(k.substring(k.indexOf('.') + 1));
            if (f == null) {
                throw new IllegalArgumentException("no field " + k);
            }
            return field(section, f);
        }
        return new FactInput(kind, section, null);
    }

    /** {@code accounts}, {@code accounts.today_days} or {@code ?sshd}. */
    String key() {
        return switch (kind) {
            case WHOLE -> section.getName();
            case FIELD -> section.getName() + "." + field.getName();
            case PRESENCE -> "?" + section.getName();
        };
    }

    @Override
    public String toString() {
        return key();
    }

    @Override
    public int compareTo(FactInput o) {
        return key().compareTo(o.key());
    }

    /** True for a singular message field of Facts: one that can be absent and whose fields can be selected. */
    static boolean isSection(FieldDescriptor fd) {
        return fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !fd.isRepeated();
    }

    /**
     * Feeds this input's value to {@code md}: presence bit, then the deterministic serialisation (map entries in
     * key order) of a message holding only the selected field. Nothing else is read from {@code facts}.
     */
    void digest(Facts facts, MessageDigest md, Scratch scratch) {
        boolean present = !section.hasPresence() || facts.hasField(section);
        md.update((byte) (present ? 1 : 0));
        if (!present || kind == Kind.PRESENCE) {
            return;
        }
        Message only;
        if (kind == Kind.WHOLE) {
            only = Facts.newBuilder().setField(section, facts.getField(section)).build();
        } else {
            Message sec = (Message) facts.getField(section);
            // an unset message field stays unset: setField would make it present-but-empty
            only = field.hasPresence() && !sec.hasField(field)
                    ? sec.getDefaultInstanceForType()
                    : sec.newBuilderForType().setField(field, sec.getField(field)).build();
        }
        scratch.write(only, md);
    }

    /** Per-thread serialisation buffer, reused across evaluations so hashing allocates little. */
    static final class Scratch {
        private byte[] buf = new byte[16 << 10];

        void write(Message m, MessageDigest md) {
            int size = m.getSerializedSize();
            if (buf.length < size) {
                buf = new byte[Math.max(size, buf.length * 2)];
            }
            try {
                CodedOutputStream out = CodedOutputStream.newInstance(buf, 0, size);
                out.useDeterministicSerialization();
                m.writeTo(out);
                out.checkNoSpaceLeft();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // cannot happen writing into a right-sized array
            }
            // length first: two inputs whose bytes concatenate alike still hash apart
            md.update((byte) (size >>> 24));
            md.update((byte) (size >>> 16));
            md.update((byte) (size >>> 8));
            md.update((byte) size);
            md.update(buf, 0, size);
        }
    }
}
