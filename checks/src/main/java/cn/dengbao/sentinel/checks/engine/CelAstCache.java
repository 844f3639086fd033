package cn.dengbao.sentinel.checks.engine;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelProtoAbstractSyntaxTree;
import dev.cel.expr.CheckedExpr;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Type-checked CEL ASTs kept between runs, so a start-up only turns each rule expression into a program
 * instead of parsing and type-checking it again (the checker is most of the rule engine's start-up CPU).
 *
 * <p>One file per user under {@code ${java.io.tmpdir}/sentinel-cel-<uid>/} (directory 0700, file 0600, owned by
 * us, else not used). Each entry is keyed by SHA-256 of (environment fingerprint, expression text), so a changed
 * expression, a changed Facts schema or a changed CEL environment is a miss, never a stale hit. The file carries a
 * SHA-256 of its body: a truncated, corrupt or foreign file is ignored as a whole and rewritten. Any I/O problem
 * only costs the compile time the cache would have saved; it never fails rule loading.
 */
final class CelAstCache {

    private static final int MAGIC = 0x53434331; // "SCC1"
    private static final String FILE_NAME = "checked-asts.bin";
    /** More entries than this (operator rules edited over months) and a save keeps only this run's entries. */
    private static final int MAX_ENTRIES = 4096;
    private static final int MAX_FILE_BYTES = 32 << 20;

    private final Path dir;
    private final byte[] envFingerprint;
    private final Map<String, byte[]> stored;
    private final Map<String, byte[]> used = new LinkedHashMap<>();
    private boolean dirty;
    private int hits;
    private int misses;

    private CelAstCache(Path dir, byte[] envFingerprint, Map<String, byte[]> stored) {
        this.dir = dir;
        this.envFingerprint = envFingerprint.clone();
        this.stored = stored;
    }

    /** The per-user cache in the system temporary directory. */
    static CelAstCache forUser(byte[] envFingerprint) {
        return open(Path.of(System.getProperty("java.io.tmpdir"), "sentinel-cel-" + uid()), envFingerprint);
    }

    /** A cache kept in {@code dir}; entries are read now, a missing or unusable file is an empty cache. */
    static CelAstCache open(Path dir, byte[] envFingerprint) {
        return new CelAstCache(dir, envFingerprint, read(dir.resolve(FILE_NAME)));
    }

    /** The checked AST stored for this expression text, if any and if it still decodes. Thread-safe. */
    Optional<CelAbstractSyntaxTree> get(String text) {
        String key = key(text);
        byte[] bytes;
        synchronized (this) {
            bytes = stored.get(key);
            if (bytes == null) {
                misses++;
                return Optional.empty();
            }
        }
        CelAbstractSyntaxTree ast;
        try {
            // decoded outside the lock: rules load in parallel and decoding is the bulk of a hit
            ast = CelProtoAbstractSyntaxTree.fromCheckedExpr(CheckedExpr.parseFrom(bytes)).getAst();
            if (!ast.isChecked()) {
                throw new IllegalStateException("not checked");
            }
        } catch (IOException | RuntimeException e) {
            ast = null;
        }
        synchronized (this) {
            if (ast == null) {
                // a damaged entry behind a valid file checksum is unlikely, but still just a miss
                stored.remove(key);
                dirty = true;
                misses++;
                return Optional.empty();
            }
            used.put(key, bytes);
            hits++;
            return Optional.of(ast);
        }
    }

    /** Remembers a freshly checked AST; written by {@link #save()}. */
    void put(String text, CelAbstractSyntaxTree checked) {
        byte[] bytes;
        try {
            bytes = CelProtoAbstractSyntaxTree.fromCelAst(checked).toCheckedExpr().toByteArray();
        } catch (RuntimeException e) {
            return; // an AST the proto form cannot hold is simply not cached
        }
        String key = key(text);
        synchronized (this) {
            used.put(key, bytes);
            stored.put(key, bytes);
            dirty = true;
        }
    }

    /** Writes the file when anything changed; atomically (temp file + rename), failures ignored. */
    synchronized void save() {
        if (!dirty) {
            return;
        }
        Map<String, byte[]> out = stored.size() > MAX_ENTRIES ? used : stored;
        Path tmp = null;
        try {
            if (!secureDir(dir)) {
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(body);
            d.writeInt(out.size());
            for (Map.Entry<String, byte[]> e : out.entrySet()) {
                d.writeUTF(e.getKey());
                d.writeInt(e.getValue().length);
                d.write(e.getValue());
            }
            d.flush();
            byte[] bodyBytes = body.toByteArray();
            ByteArrayOutputStream file = new ByteArrayOutputStream(bodyBytes.length + 40);
            DataOutputStream f = new DataOutputStream(file);
            f.writeInt(MAGIC);
            f.write(sha256(bodyBytes));
            f.write(bodyBytes);
            f.flush();
            tmp = Files.createTempFile(dir, FILE_NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, file.toByteArray());
            try {
                Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            dirty = false;
        } catch (IOException | RuntimeException e) {
            // the cache is an optimisation: the next run compiles again
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // left for the OS to clean from the temp directory
                }
            }
        }
    }

    synchronized int hits() {
        return hits;
    }

    synchronized int misses() {
        return misses;
    }

    Path file() {
        return dir.resolve(FILE_NAME);
    }

    String key(String text) {
        MessageDigest md = newSha256();
        md.update(envFingerprint);
        md.update((byte) 0);
        md.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    private static Map<String, byte[]> read(Path file) {
        Map<String, byte[]> map = new HashMap<>();
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !ownedPrivately(file.getParent())
                    || !ownedPrivately(file) || Files.size(file) > MAX_FILE_BYTES) {
                return map;
            }
            byte[] all = Files.readAllBytes(file);
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all));
            if (all.length < 40 || in.readInt() != MAGIC) {
                return map;
            }
            byte[] digest = in.readNBytes(32);
            byte[] body = Arrays.copyOfRange(all, 36, all.length);
            if (!MessageDigest.isEqual(digest, sha256(body))) {
                return map;
            }
            int n = in.readInt();
            if (n < 0 || n > MAX_ENTRIES * 4) {
                return map;
            }
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                    return new HashMap<>();
                }
                map.put(key, in.readNBytes(len));
            }
            return map;
        } catch (IOException | RuntimeException e) {
            return new HashMap<>();
        }
    }

    /** Creates the directory 0700 if missing; true only when it is a real directory that only we can use. */
    private static boolean secureDir(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another run made it first: checked below like any existing directory
            }
        }
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && ownedPrivately(dir);
    }

    /** Ours, and neither group nor others may read or write it: anything else may have been planted. */
    private static boolean ownedPrivately(Path p) throws IOException {
        if (!Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName().equals(me())) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        for (PosixFilePermission bad : new PosixFilePermission[] {
                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE}) {
            if (perms.contains(bad)) {
                return false;
            }
        }
        return true;
    }

    /** The effective user, as the owner of /proc/self (user.name can be set on the command line). */
    private static String me() throws IOException {
        try {
            return Files.getOwner(Path.of("/proc/self")).getName();
        } catch (IOException | RuntimeException e) {
            return System.getProperty("user.name", "");
        }
    }

    private static String uid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return String.valueOf(uid);
        } catch (IOException | RuntimeException e) {
            return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        }
    }

    static byte[] sha256(byte[] data) {
        return newSha256().digest(data);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
