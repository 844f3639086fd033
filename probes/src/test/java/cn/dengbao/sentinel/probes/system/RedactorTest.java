package cn.dengbao.sentinel.probes.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void masksSecretLookingArguments() {
        assertEquals("mysql -uroot -p****** db", Redactor.redact("mysql -uroot -pHunter2 db"));
        assertEquals("app --password=****** --port=80", Redactor.redact("app --password=hunter2 --port=80"));
        assertEquals("app --db-password ****** -v", Redactor.redact("app --db-password hunter2 -v"));
        assertEquals("curl https://u:******@host/x", Redactor.redact("curl https://u:pw@host/x"));
        assertEquals("x token=******", Redactor.redact("x token=abc"));
        assertEquals("x CLIENT_SECRET=******", Redactor.redact("x CLIENT_SECRET='a b'"));
        assertEquals("x --client-secret ******", Redactor.redact("x --client-secret zzz"));
        assertEquals("java -Xmx1g -jar app.jar", Redactor.redact("java -Xmx1g -jar app.jar"));
        assertEquals("mkdir -p /srv", Redactor.redact("mkdir -p /srv"));
    }

    @Test
    void truncatesAfterRedaction() {
        String longLine = "x --password=" + "s".repeat(600) + " " + "a".repeat(600);
        String r = Redactor.redact(longLine, 512);
        assertFalse(r.contains("sss"));
        assertTrue(r.length() <= 513);
    }
}
