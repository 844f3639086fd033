package cn.dengbao.sentinel.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.Evidence;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecAndMigrationTest {

    @Test
    void factsRoundTripAndCompress() {
        Facts f = Fixtures.facts("h", "r", Fixtures.T0);
        byte[] gz = FactsCodec.encode(f);
        assertTrue(gz.length < f.getSerializedSize());
        assertEquals(f, FactsCodec.decode(gz));
    }

    @Test
    void corruptFactsAreAClearError() {
        StoreException e = assertThrows(StoreException.class, () -> FactsCodec.decode(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void evidenceJsonRoundTripsHostileText() {
        List<Evidence> ev = List.of(Evidence.newBuilder().setText("\"</script><b>\u0000 中文")
                .setSource(Source.newBuilder().setPath("/etc/pam.d/system-auth").setLine(7).setCommand("")
                        .setExcerpt("auth required pam_faillock.so")).build(), Evidence.newBuilder().setText("x")
                .build());
        assertEquals(ev, EvidenceJson.read(EvidenceJson.write(ev)));
    }

    @Test
    void migrationIndexIsOrderedAndStatementsSplit() {
        List<Migrations.Migration> list = Migrations.list();
        assertEquals(1, list.get(0).version());
        assertEquals(List.of("CREATE TABLE a (x INT)", "INSERT INTO a VALUES (1)"),
                Migrations.statements("-- comment\nCREATE TABLE a (x INT);\n\nINSERT INTO a VALUES (1);\n"));
        assertEquals("BYTEA", Dialect.POSTGRESQL.expand("${bytes}"));
        assertThrows(StoreException.class, () -> Dialect.fromUrl("jdbc:mysql://x"));
    }
}
