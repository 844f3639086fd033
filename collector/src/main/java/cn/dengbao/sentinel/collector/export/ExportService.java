package cn.dengbao.sentinel.collector.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes an export to a file atomically: a half-written report never sits under the final name. */
public final class ExportService {
    private ExportService() {
    }

    /** {@code out}'s directory must exist: a mistyped directory is an error, not a new directory tree. */
    public static void write(ReportData data, ExportFormat format, Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                format.exporter().write(data, os);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static ExportFormat parseFormat(String s) {
        for (ExportFormat f : ExportFormat.values()) {
            if (f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("不支持的格式: " + s + "（可选 xlsx、csv、json、html）");
    }
}
