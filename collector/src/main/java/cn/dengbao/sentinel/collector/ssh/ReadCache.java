package cn.dengbao.sentinel.collector.ssh;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.proto.ErrorKind;
import java.util.HashMap;
import java.util.Map;

/**
 * Files already read in this session: their bytes, or the NOT_FOUND / PERMISSION_DENIED outcome. Probes read some
 * files several times (PAM stacks, login.defs); one session is one scan, a single snapshot, so re-reading over the
 * network only costs round trips (and sudo processes on the target). Bounded in total size; callers get copies.
 */
final class ReadCache {
    static final long MAX_CACHED_BYTES = 16L * 1024 * 1024;

    private final Map<String, Object> entries = new HashMap<>();
    private long cachedBytes;

    /** The cached content (a copy; TOO_LARGE over {@code maxBytes}), or null; a cached failure is thrown again. */
    synchronized byte[] get(String path, int maxBytes) throws AccessException {
        Object cached = entries.get(path);
        if (cached instanceof AccessException e) {
            throw new AccessException(e.kind(), e.path(), e.getMessage());
        }
        return content(path, maxBytes);
    }

    /** Only cached content (a copy; TOO_LARGE over {@code maxBytes}), or null. */
    synchronized byte[] content(String path, int maxBytes) throws AccessException {
        if (entries.get(path) instanceof byte[] bytes) {
            if (bytes.length > maxBytes) {
                throw new AccessException(ErrorKind.TOO_LARGE, path, "文件超过读取上限 " + maxBytes + " 字节: " + path);
            }
            return bytes.clone();
        }
        return null;
    }

    synchronized boolean contains(String path) {
        return entries.containsKey(path);
    }

    /** Keeps a copy of {@code bytes} unless the path is known already or the cache is full. */
    synchronized void putContent(String path, byte[] bytes) {
        if (!entries.containsKey(path) && cachedBytes + bytes.length <= MAX_CACHED_BYTES) {
            entries.put(path, bytes.clone());
            cachedBytes += bytes.length;
        }
    }

    /** Remembers that the path is absent or denied (replacing what was known). */
    synchronized void putFailure(String path, AccessException e) {
        entries.put(path, e);
    }

    /** Remembers a failure unless the path is known already. */
    synchronized void putFailureIfAbsent(String path, AccessException e) {
        entries.putIfAbsent(path, e);
    }
}
