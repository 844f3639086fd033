package cn.dengbao.sentinel.collector.vulns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The regular files of a tar archive, plain, {@code .gz} or {@code .xz} (Ubuntu publishes its OSV data as
 * {@code osv-all.tar.xz}): ustar headers with GNU long names; other entry types are skipped. Small on purpose — the
 * builder only reads archives the vendors publish, entry by entry.
 */
final class TarEntries {
    private static final int BLOCK = 512;

    /** One regular file of the archive. */
    record Entry(String name, byte[] content) {
    }

    private TarEntries() {
    }

    static boolean isArchive(String lowerName) {
        return lowerName.endsWith(".tar") || lowerName.endsWith(".tar.xz") || lowerName.endsWith(".tar.gz")
                || lowerName.endsWith(".tgz");
    }

    static List<Entry> read(String lowerName, InputStream raw) throws IOException {
        InputStream in = lowerName.endsWith(".xz") ? new XZInputStream(raw)
                : lowerName.endsWith(".gz") || lowerName.endsWith(".tgz") ? new GZIPInputStream(raw) : raw;
        List<Entry> out = new ArrayList<>();
        String longName = null;
        byte[] header = new byte[BLOCK];
        while (readFully(in, header)) {
            if (allZero(header)) {
                break;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            byte[] data = readData(in, size);
            if (type == 'L') {
                longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                continue;
            }
            String full = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
            longName = null;
            if (type == '0' || type == '\0') {
                out.add(new Entry(full, data));
            }
        }
        return out;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size < 0 || size > Integer.MAX_VALUE - BLOCK) {
            throw new IOException("tar 条目过大或损坏 (entry size " + size + ")");
        }
        int padded = (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        byte[] buf = new byte[padded];
        if (!readFully(in, buf)) {
            throw new IOException("tar 文件被截断 (truncated archive)");
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream((int) size);
        o.write(buf, 0, (int) size);
        return o.toByteArray();
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new IOException("tar 文件被截断 (truncated archive)");
            }
            off += n;
        }
        return true;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        String s = text(b, off, len).strip();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar 头部损坏 (bad size field)");
        }
    }
}
