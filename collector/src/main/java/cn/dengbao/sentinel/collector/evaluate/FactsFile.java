package cn.dengbao.sentinel.collector.evaluate;

import cn.dengbao.sentinel.proto.Facts;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a facts file written by {@code sentinel-agent collect}. The content is untrusted agent input. */
public final class FactsFile {
    /** A real host's facts are well under 8 MiB; a larger file is refused rather than parsed. */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    private FactsFile() {
    }

    public static Facts read(Path file) throws InvalidFactsException {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new InvalidFactsException("facts file " + file + " is " + size + " bytes, over the limit of " + MAX_BYTES);
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidFactsException("facts file not found: " + file);
        } catch (IOException e) {
            throw new InvalidFactsException("cannot read facts file " + file + ": " + e.getMessage());
        }
    }

    public static Facts parse(String json, String origin) throws InvalidFactsException {
        Facts.Builder builder = Facts.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new InvalidFactsException("malformed facts in " + origin + ": " + e.getMessage());
        }
        if (!builder.hasHost() && !builder.hasOs() && !builder.hasAccounts()) {
            throw new InvalidFactsException("no facts in " + origin + ": expected the JSON written by 'sentinel-agent collect'");
        }
        return builder.build();
    }

    /** Input that cannot be evaluated; the CLI reports it with exit code 2. */
    public static final class InvalidFactsException extends Exception {
        public InvalidFactsException(String message) {
            super(message);
        }
    }
}
