package cn.dengbao.sentinel.proto.json;

import cn.dengbao.sentinel.proto.Facts;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Facts as protobuf JSON with the proto field names. Reading is defensive: facts files come from hosts, so input
 * over {@link #DEFAULT_MAX_BYTES} is refused before parsing, strict JSON only (no comments, no unquoted names),
 * a value of the wrong kind is refused with its path ({@link JsonShape}), and unknown fields (a newer agent) are
 * ignored.
 */
public final class FactsJson {
    public static final int DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
    /** Facts nest a handful of levels; anything deeper is hostile (and could overflow the JSON reader's stack). */
    public static final int MAX_NESTING = 32;
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private FactsJson() {
    }

    /** Thrown for facts input that is too large or not facts JSON; the message is safe to show. */
    public static final class InvalidFactsException extends IOException {
        public InvalidFactsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static String print(Facts facts) {
        try {
            return PRINTER.print(facts);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("facts cannot be printed as JSON", e);
        }
    }

    public static Facts parse(String json) throws InvalidFactsException {
        return parse(json, DEFAULT_MAX_BYTES);
    }

    public static Facts parse(String json, int maxBytes) throws InvalidFactsException {
        if (json.length() > maxBytes || json.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        int depth = nesting(json);
        if (depth > MAX_NESTING) {
            throw new InvalidFactsException("facts JSON nests deeper than " + MAX_NESTING + " levels; refused", null);
        }
        Facts.Builder b = Facts.newBuilder();
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            JsonElement tree = JsonParser.parseReader(reader);
            Optional<String> wrongShape = JsonShape.mismatch(tree, Facts.getDescriptor());
            if (wrongShape.isPresent()) {
                throw new InvalidFactsException("not a valid facts JSON document: " + wrongShape.get(), null);
            }
            PARSER.merge(json, b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // the parser may quote input; keep the message short so hostile input cannot flood logs
            if (why.length() > 200) {
                why = why.substring(0, 200) + "…";
            }
            throw new InvalidFactsException("not a valid facts JSON document: " + why, e);
        }
        return b.build();
    }

    public static Facts read(InputStream in, int maxBytes) throws IOException {
        byte[] data = in.readNBytes(maxBytes + 1);
        if (data.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return parse(new String(data, StandardCharsets.UTF_8), maxBytes);
    }

    public static Facts read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    public static Facts read(Path file, int maxBytes) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, maxBytes);
        }
    }

    /** Writes to a temporary file (mode 0600) next to {@code target}, then moves it into place. */
    public static void write(Path target, Facts facts) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(print(facts).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deepest nesting of objects and arrays, ignoring brackets inside strings. */
    static int nesting(String json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
                if (depth > max) {
                    max = depth;
                    if (max > MAX_NESTING) {
                        return max;  // no need to scan further
                    }
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return max;
    }

    private static InvalidFactsException tooLarge(int maxBytes) {
        return new InvalidFactsException("facts input is larger than the limit of " + maxBytes + " bytes; refused", null);
    }
}
