package cn.dengbao.sentinel.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.json.FactsJson;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectCommandTest {
    @TempDir
    Path root;
    @TempDir
    Path work;

    @Test
    void collectRootWritesParseableFactsWithoutHashes() throws Exception {
        new TestRoot(root).debian12();
        Path out = work.resolve("facts.json");
        int rc = AgentMain.execute("collect", "--root", root.toString(), "--out", out.toString());
        assertEquals(0, rc);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(out));
        String json = Files.readString(out);
        assertTrue(json.contains("\"schema_version\": \"1\""), "proto field names are kept");
        assertFalse(json.contains("$y$"), "no password hash in the facts file");
        assertFalse(json.contains("abcdefghijklmnopqrstu"), "no password hash in the facts file");
        Facts f = FactsJson.read(out);
        assertEquals("deb12", f.getHost().getHostname());
        assertEquals(AccessMode.ROOT, f.getHost().getAccessMode());
        assertEquals(root.toRealPath().toString(), f.getHost().getRootDir());
        assertFalse(f.getReportId().isEmpty());
        assertTrue(f.getAccounts().getShadowReadable());
        assertTrue(f.getSshd().getInstalled());
        assertTrue(f.getPam().getStacksCount() > 0);
        // an offline root has no sockets and no processes; everything else was readable
        assertEquals(Set.of("listening_ports", "processes"),
                f.getCollectionErrorsList().stream().map(e -> e.getFact()).collect(java.util.stream.Collectors.toSet()),
                f.getCollectionErrorsList().toString());
        assertTrue(f.getCollectionErrorsList().stream().allMatch(e -> e.getKind() == cn.dengbao.sentinel.proto.ErrorKind.NOT_COLLECTED));
        // Debian 12 defaults are representable: no lockout module, no TMOUT, passwords never expire
        assertEquals("", f.getLoginLockout().getModule());
        assertEquals(0, f.getSession().getTmoutCount());
        assertEquals("99999", f.getPasswordPolicy().getLoginDefsOrThrow("PASS_MAX_DAYS").getValue());
        assertEquals("", f.getPasswordPolicy().getQualityModule());
        assertTrue(f.getSudoers().getPresent());
        assertEquals(15, f.getFilePermissions().getFilesCount());
    }

    @Test
    void collectOnThisHostHasNoHashes() throws Exception {
        Path out = work.resolve("live.json");
        assertEquals(0, AgentMain.execute("collect", "--out", out.toString(), "--section", "accounts", "--section", "sshd"));
        String json = Files.readString(out);
        Facts f = FactsJson.parse(json);
        assertEquals(AccessMode.LOCAL, f.getHost().getAccessMode());
        assertTrue(f.getHost().getIpAddressesList().stream().noneMatch(a -> a.equals("127.0.0.1") || a.equals("::1")));
        assertTrue(f.getAccounts().getAccountsCount() > 0);
        assertFalse(json.matches("(?s).*\\$(1|5|6|y|2b|sm3)\\$.*"), "no password hash from this host's shadow");
    }

    @Test
    void sectionsLimitTheOutputAndGoToStdout() throws Exception {
        new TestRoot(root).debian12();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = AgentMain.execute("collect", "--root", root.toString(), "--section", "sshd");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc);
        Facts f = FactsJson.parse(buf.toString(StandardCharsets.UTF_8));
        assertTrue(f.hasSshd());
        assertFalse(f.hasAccounts());
    }

    @Test
    void badRootOrSectionIsExitTwo() {
        assertEquals(2, AgentMain.execute("collect", "--root", work.resolve("nope").toString()));
        assertEquals(2, AgentMain.execute("collect", "--root", root.toString(), "--section", "nonsense"));
        assertEquals(2, AgentMain.execute("collect", "--bogus"));
        assertEquals(2, AgentMain.execute("collect", "--root", root.toString(), "--out", work.toString()));
    }
}
