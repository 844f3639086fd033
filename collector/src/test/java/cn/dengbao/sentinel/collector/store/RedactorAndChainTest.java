package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.pki.Sm3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorAndChainTest {

    @Test
    void secretNamedKeysAreRedactedAtAnyDepth() {
        for (String k : List.of("password", "db_password", "dbPassword", "token", "enrollToken", "secret",
                "client_secret", "key", "private_key", "apiKey", "passphrase", "credential", "Authorization")) {
            assertTrue(Redactor.isSecretKey(k), k);
        }
        for (String k : List.of("host", "rule_id", "pass_count", "host_key_sha256", "token_sha256", "keyboard",
                "monkey", "key_path", "auth_type", "decision", "reason")) {
            assertFalse(Redactor.isSecretKey(k), k);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) Redactor.redact(Map.of("target", Map.of("password", "p",
                "list", List.of(Map.of("token", "t"))), "pem", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc",
                "note", "ok"));
        String s = out.toString();
        assertFalse(s.contains("=p") || s.contains("=t") || s.contains("abc"), s);
        assertEquals("ok", out.get("note"));
    }

    @Test
    void sm3KnownAnswer() {
        // GB/T 32905-2016 example 1: SM3("abc")
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                Sm3.hex(Sm3.digest("abc".getBytes(StandardCharsets.US_ASCII))));
        assertArrayEquals(new byte[] {0x0f, (byte) 0xa0}, Sm3.unhex("0fA0").orElseThrow());
        assertTrue(Sm3.unhex("0g").isEmpty());
    }

    @Test
    void canonicalEncodingIsUnambiguous() {
        // moving a character between fields must change the hash (length prefixes, no separators)
        String a = AuditLog.hash(AuditLog.GENESIS, 1, 5, "ab", "c", "{}");
        String b = AuditLog.hash(AuditLog.GENESIS, 1, 5, "a", "bc", "{}");
        assertNotEquals(a, b);
        assertEquals(a, AuditLog.hash(AuditLog.GENESIS, 1, 5, "ab", "c", "{}"));
        assertNull(AuditLog.hash("zz", 1, 5, "a", "b", "{}"));
    }
}
