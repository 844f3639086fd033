package cn.dengbao.sentinel.probes.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.ErrorKind;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsProbeTest {
    @TempDir
    Path root;

    static final String SHA512 = "$6$saltsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijkl";

    private Map<String, Account> byName(Facts f) {
        return f.getAccounts().getAccountsList().stream().collect(Collectors.toMap(Account::getName, Function.identity()));
    }

    @Test
    void shadowStatesAndAlgorithms() {
        TestRoot rb = new TestRoot(root)
                .file("/etc/passwd", String.join("\n",
                        "root:x:0:0:root:/root:/bin/bash",
                        "# comment",
                        "empty:x:1001:1001::/home/empty:/bin/sh",
                        "locked:x:1002:1002::/home/locked:/bin/bash",
                        "lockedalone:x:1003:1003::/home/l:/bin/bash",
                        "bangbang:x:1004:1004::/home/b:/bin/bash",
                        "star:x:2:2::/:/usr/sbin/nologin",
                        "md5:x:1005:1005::/h:/bin/zsh",
                        "des:x:1006:1006::/h:",
                        "sha256:x:1007:1007::/h:/bin/false",
                        "yes:x:1008:1008::/h:/bin/bash",
                        "bcrypt:x:1009:1009::/h:/bin/bash",
                        "sm3:x:1010:1010::/h:/bin/bash",
                        "other:x:1011:1011::/h:/bin/bash",
                        "bangstar:x:1012:1012::/h:/bin/bash",
                        "noshadow:x:1013:1013::/h:/bin/bash",
                        "legacy:abcdefghijklm:1014:1014::/h:/bin/bash",
                        "broken:x:notanumber:1::/h:/bin/bash",
                        "+nis::::::",
                        ""))
                .file("/etc/shadow", String.join("\n",
                        "root:" + SHA512 + ":19500:0:99999:7:::",
                        "empty::19500:0:90:7:30:20500:",
                        "locked:!" + SHA512 + ":19500::::::",
                        "lockedalone:!:19500::::::",
                        "bangbang:!!:19500::::::",
                        "star:*:19500:0:99999:7:::",
                        "md5:$1$salt$abcdefghijklmnopqrstuv:19500::::::",
                        "des:abZZ0123456/.:19500::::::",
                        "sha256:$5$salt$abc:19500::::::",
                        "yes:$y$j9T$salt$hash:19500::::::",
                        "bcrypt:$2b$10$abcdefghijklmnopqrstuv:19500::::::",
                        "sm3:$sm3$salt$hash:19500::::::",
                        "other:$7$CU..../....salt$hash:19500::::::",
                        "bangstar:!*:19500::::::",
                        ""), "rw-r-----")
                .file("/etc/group", "root:x:0:\nsudo:x:27:alice, bob\n");
        Facts f = new TestHost(rb).collect(new AccountsProbe());
        Map<String, Account> a = byName(f);
        assertTrue(f.getAccounts().getShadowReadable());
        assertEquals(20781, f.getAccounts().getTodayDays());

        Account root = a.get("root");
        assertEquals(PasswordState.HASHED, root.getPasswordState());
        assertEquals("SHA512", root.getHashAlgorithm());
        assertEquals(19500, root.getLastChangeDays());
        assertEquals(99999, root.getMaxDays());
        assertEquals(-1, root.getInactiveDays());
        assertTrue(root.getInteractiveShell());
        assertEquals("root:<HASHED:SHA512>:19500:0:99999:7:::", root.getShadowSource().getExcerpt());
        assertEquals(1, root.getShadowSource().getLine());
        assertEquals("/etc/shadow", root.getShadowSource().getPath());

        assertEquals(PasswordState.EMPTY, a.get("empty").getPasswordState());
        assertEquals(90, a.get("empty").getMaxDays());
        assertEquals(20500, a.get("empty").getExpireDays());
        assertEquals(PasswordState.LOCKED, a.get("locked").getPasswordState());
        assertEquals("SHA512", a.get("locked").getHashAlgorithm());
        assertEquals(PasswordState.LOCKED, a.get("lockedalone").getPasswordState());
        assertEquals(PasswordState.NO_PASSWORD, a.get("bangbang").getPasswordState());
        assertEquals(PasswordState.NO_PASSWORD, a.get("star").getPasswordState());
        assertFalse(a.get("star").getInteractiveShell());
        assertEquals("MD5", a.get("md5").getHashAlgorithm());
        assertEquals("DES", a.get("des").getHashAlgorithm());
        assertTrue(a.get("des").getInteractiveShell(), "empty shell is /bin/sh");
        assertEquals("SHA256", a.get("sha256").getHashAlgorithm());
        assertFalse(a.get("sha256").getInteractiveShell());
        assertEquals("YESCRYPT", a.get("yes").getHashAlgorithm());
        assertEquals("BCRYPT", a.get("bcrypt").getHashAlgorithm());
        assertEquals("SM3", a.get("sm3").getHashAlgorithm());
        assertEquals("UNKNOWN", a.get("other").getHashAlgorithm());
        assertEquals(PasswordState.HASHED, a.get("other").getPasswordState());
        assertEquals(PasswordState.NO_PASSWORD, a.get("bangstar").getPasswordState());
        assertFalse(a.get("noshadow").getShadowEntry());
        assertEquals(PasswordState.NO_PASSWORD, a.get("noshadow").getPasswordState());
        assertEquals(PasswordState.HASHED, a.get("legacy").getPasswordState());
        assertEquals("DES", a.get("legacy").getHashAlgorithm());
        assertEquals("legacy:<HASHED:DES>:1014:1014::/h:/bin/bash", a.get("legacy").getPasswdSource().getExcerpt());
        assertFalse(a.containsKey("broken"));
        assertFalse(a.containsKey("+nis"));
        assertEquals(1, f.getCollectionErrorsList().size());
        assertEquals(ErrorKind.MALFORMED, f.getCollectionErrors(0).getKind());
        assertEquals("accounts.passwd", f.getCollectionErrors(0).getFact());

        assertEquals(2, f.getAccounts().getGroupsCount());
        assertEquals(java.util.List.of("alice", "bob"), f.getAccounts().getGroups(1).getMembersList());

        String all = f.toString();
        assertFalse(all.contains("0123456789abcdefghijklmnopqrstuvwxyz"), "no hash in facts");
        assertFalse(all.contains("abZZ0123456/."), "no DES hash in facts");
        assertFalse(all.contains("abcdefghijklm:"), "no legacy passwd hash in facts");
        String json = cn.dengbao.sentinel.proto.json.FactsJson.print(f);
        assertFalse(json.contains(SHA512.substring(3)), "no hash in the JSON either");
        assertFalse(json.contains("$1$salt$"));
        assertTrue(json.contains("HASHED:SHA512"), "the state replaces the hash");
    }

    @Test
    void missingShadowIsACollectionError() {
        TestRoot rb = new TestRoot(root).file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n").file("/etc/group", "root:x:0:\n");
        Facts f = new TestHost(rb).collect(new AccountsProbe());
        assertFalse(f.getAccounts().getShadowReadable());
        assertEquals(PasswordState.PASSWORD_STATE_UNSPECIFIED, f.getAccounts().getAccounts(0).getPasswordState());
        assertEquals(1, f.getCollectionErrorsCount());
        assertEquals("accounts.shadow", f.getCollectionErrors(0).getFact());
        assertEquals(ErrorKind.NOT_FOUND, f.getCollectionErrors(0).getKind());
        assertEquals("/etc/shadow", f.getCollectionErrors(0).getPath());
    }

    @Test
    void shadowLinkedToTheHostsShadowIsAnErrorNotTheHostsData() {
        TestRoot rb = new TestRoot(root).file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .file("/etc/group", "root:x:0:\n").link("/etc/shadow", "/etc/shadow");
        Facts f = new TestHost(rb).collect(new AccountsProbe());
        assertFalse(f.getAccounts().getShadowReadable());
        assertEquals("accounts.shadow", f.getCollectionErrors(0).getFact());
        assertEquals(PasswordState.PASSWORD_STATE_UNSPECIFIED, f.getAccounts().getAccounts(0).getPasswordState());
    }

    @Test
    void unreadableShadowIsPermissionDenied() {
        TestRoot rb = new TestRoot(root).debian12();
        cn.dengbao.sentinel.probes.ProbeContext ctx = new cn.dengbao.sentinel.probes.ProbeContext(
                new cn.dengbao.sentinel.probes.testsupport.FaultyAccess(new TestHost(rb), Map.of("/etc/shadow", ErrorKind.PERMISSION_DENIED)),
                TestHost.CLOCK);
        Facts.Builder b = Facts.newBuilder();
        new AccountsProbe().collect(ctx, b);
        assertFalse(b.getAccounts().getShadowReadable());
        assertEquals(5, b.getAccounts().getAccountsCount());
        assertEquals(1, ctx.errors().size());
        assertEquals("accounts.shadow", ctx.errors().get(0).getFact());
        assertEquals(ErrorKind.PERMISSION_DENIED, ctx.errors().get(0).getKind());
    }

    @Test
    void debian12Defaults() {
        Facts f = new TestHost(new TestRoot(root).debian12()).collect(new AccountsProbe());
        Map<String, Account> a = byName(f);
        assertEquals(0, f.getCollectionErrorsCount());
        assertEquals("YESCRYPT", a.get("admin").getHashAlgorithm());
        assertEquals(PasswordState.LOCKED, a.get("sshd").getPasswordState());
        assertEquals(PasswordState.NO_PASSWORD, a.get("games").getPasswordState());
    }
}
