package cn.dengbao.sentinel.collector.signing;

import cn.dengbao.sentinel.collector.store.AuditSeal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit log's anchor outside the database: entry hashes signed with the collector's SM2 key
 * ({@link CollectorKeys}, {@code <dataDir>/keys/}) and chain heads appended to {@code <dataDir>/audit-anchor.log}
 * (0600, opened for append only, fsynced). Lines: {@code signed-from <seq>} once, then
 * {@code head <seq> <sm3-hex> <epoch-ms>}. Several processes on one data directory (serve and the CLI) append to
 * the same file; each line is one small O_APPEND write.
 */
public final class AuditSealer implements AuditSeal {
    public static final String ANCHOR_FILE = "audit-anchor.log";
    private static final Pattern SIGNED_FROM = Pattern.compile("signed-from (\\d{1,18})");
    private static final Pattern HEAD = Pattern.compile("head (\\d{1,18}) ([0-9a-f]{64}) (\\d{1,18})");

    private final CollectorKeys keys;
    private final String keyId;
    private final Path file;
    private String lastWritten;

    private AuditSealer(CollectorKeys keys, Path file) {
        this.keys = keys;
        this.keyId = CollectorKeys.fingerprint(keys.publicKey());
        this.file = file;
    }

    /** The seal of a data directory (the key is created there on first use, like the export key). */
    public static AuditSealer forDataDir(Path dataDir) throws IOException {
        return new AuditSealer(CollectorKeys.loadOrCreate(dataDir), dataDir.resolve(ANCHOR_FILE));
    }

    public Path file() {
        return file;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public String sign(String entryHash) {
        try {
            Signature s = Signature.getInstance(Manifest.ALGORITHM, CollectorKeys.BC);
            s.initSign(keys.privateKey());
            s.update(entryHash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SM2 签名失败 (cannot sign the audit entry): " + e.getMessage(), e);
        }
    }

    @Override
    public boolean verify(String entryHash, String sig) {
        try {
            Signature s = Signature.getInstance(Manifest.ALGORITHM, CollectorKeys.BC);
            s.initVerify(keys.publicKey());
            s.update(entryHash.getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getDecoder().decode(sig));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public synchronized void start(long headSeq) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return;
        }
        append("signed-from " + (headSeq + 1) + "\n");
    }

    @Override
    public synchronized void anchor(long seq, String hash) throws IOException {
        String key = seq + " " + hash;
        if (key.equals(lastWritten)) {
            return;
        }
        append("head " + key + " " + System.currentTimeMillis() + "\n");
        lastWritten = key;
    }

    private void append(String line) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    @Override
    public Anchors anchors() throws IOException {
        if (Files.notExists(file)) {
            return new Anchors(null, List.of());
        }
        Long signedFrom = null;
        List<Head> heads = new ArrayList<>();
        int n = 0;
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (!text.isEmpty() && !text.endsWith("\n")) {
            lines.remove(lines.size() - 1);   // a write cut short by a crash: that head was never complete
        }
        for (String line : lines) {
            n++;
            Matcher m;
            if ((m = SIGNED_FROM.matcher(line)).matches() && signedFrom == null) {
                signedFrom = Long.parseLong(m.group(1));
            } else if ((m = HEAD.matcher(line)).matches()) {
                heads.add(new Head(Long.parseLong(m.group(1)), m.group(2)));
            } else if (!line.isEmpty()) {
                throw new IOException("锚点文件第 " + n + " 行无法识别 (anchor file line " + n + " is malformed)");
            }
        }
        return new Anchors(signedFrom, heads);
    }
}
