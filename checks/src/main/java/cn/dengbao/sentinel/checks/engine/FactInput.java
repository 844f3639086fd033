package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Facts;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One part of {@link Facts} a rule's finding may depend on; the memo digests each at most once per evaluation.
 * <ul>
 *   <li>{@link Kind#SECTION}: a top-level field with everything under it <em>except</em> its {@link #VOLATILE}
 *       fields (a section, collection_errors);
 *   <li>{@link Kind#VOLATILE}: one volatile field of a section, for the rules that actually read it;
 *   <li>{@link Kind#PRESENCE}: only whether a section is set ({@code has(facts.sshd)}, {@code requires}).
 * </ul>
 * Sections are the unit because they are cheap to digest (one serialisation each, about 20 per report) and, between
 * two reports of a host, either unchanged or really changed. The exceptions are the few fields that move on every
 * report or every day while the rest of their section does not: kept out of the section's digest, a rule reading
 * {@code facts.host.access_mode} does not miss because the collection time moved, and one reading
 * {@code facts.accounts.accounts} does not miss at midnight. Every digest starts with the section's presence bit,
 * so an absent section never equals a present empty one.
 */
record FactInput(Kind kind, FieldDescriptor section, FieldDescriptor field) implements Comparable<FactInput> {

    enum Kind { SECTION, VOLATILE, PRESENCE }

    /**
     * Fields that change between reports of an unchanged host: the collection time and duration every report,
     * uptime every report, "today" every day. Scalars only (digested by value).
     */
    static final Set<String> VOLATILE_FIELDS = Set.of("host.collected_at_epoch_ms", "host.collection_millis",
            "os.uptime_seconds", "accounts.today_days");

    /** The volatile fields that move on every report (not merely every day). */
    static final Set<String> PER_REPORT_FIELDS = Set.of("host.collected_at_epoch_ms", "host.collection_millis",
            "os.uptime_seconds");

    /** True for an input whose value differs between any two reports of a host. */
    boolean changesEveryReport() {
        return kind == Kind.VOLATILE && PER_REPORT_FIELDS.contains(section.getName() + "." + field.getName());
    }

    static FactInput section(FieldDescriptor top) {
        return new FactInput(Kind.SECTION, top, null);
    }

    static FactInput volatileField(FieldDescriptor top, FieldDescriptor field) {
        return new FactInput(Kind.VOLATILE, top, field);
    }

    static FactInput presence(FieldDescriptor top) {
        return new FactInput(Kind.PRESENCE, top, null);
    }

    static boolean isVolatile(FieldDescriptor top, FieldDescriptor field) {
        return VOLATILE_FIELDS.contains(top.getName() + "." + field.getName());
    }

    /** The volatile fields of a top-level field (none for most). */
    static List<FieldDescriptor> volatileFields(FieldDescriptor top) {
        List<FieldDescriptor> out = new ArrayList<>();
        if (isSection(top)) {
            for (FieldDescriptor f : top.getMessageType().getFields()) {
                if (isVolatile(top, f)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** By key as {@link #key()} prints it; for the engine's own reads and tests. */
    static FactInput parse(String key) {
        if (key.startsWith("?")) {
            return presence(top(key.substring(1)));
        }
        int dot = key.indexOf('.');
        if (dot < 0) {
            return section(top(key));
        }
        FieldDescriptor top = top(key.substring(0, dot));
        FieldDescriptor f = isSection(top) ? top.getMessageType().findFieldByName(key.substring(dot + 1)) : null;
        if (f == null || !isVolatile(top, f)) {
            throw new IllegalArgumentException("not a volatile field: " + key);
        }
        return volatileField(top, f);
    }

    private static FieldDescriptor top(String name) {
        FieldDescriptor fd = Facts.getDescriptor().findFieldByName(name);
        if (fd == null) {
            throw new IllegalArgumentException("no Facts field " + name);
        }
        return fd;
    }

    /** {@code accounts}, {@code accounts.today_days} or {@code ?sshd}. */
    String key() {
        return switch (kind) {
            case SECTION -> section.getName();
            case VOLATILE -> section.getName() + "." + field.getName();
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
     * key order) of the value. Nothing else is read from {@code facts}.
     */
    void digest(Facts facts, MessageDigest md, Scratch scratch) {
        boolean present = !section.hasPresence() || facts.hasField(section);
        md.update((byte) (present ? 1 : 0));
        if (!present || kind == Kind.PRESENCE) {
            return;
        }
        if (kind == Kind.VOLATILE) {
            Object v = ((Message) facts.getField(section)).getField(field);
            md.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (isSection(section)) {
            Message sec = (Message) facts.getField(section);
            List<FieldDescriptor> vol = volatileFields(section);
            if (!vol.isEmpty()) {
                Message.Builder b = sec.toBuilder();
                vol.forEach(b::clearField);
                sec = b.build();
            }
            scratch.write(sec, md);
        } else {
            // collection_errors, schema_version: a Facts holding only that field
            scratch.write(Facts.newBuilder().setField(section, facts.getField(section)).build(), md);
        }
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
            md.update(buf, 0, size);
        }
    }
}
