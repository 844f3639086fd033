package cn.dengbao.sentinel.testkit;

import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Accounts;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.OsInfo;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Sshd;

/** Generated facts for load tests and the tests that need many distinct servers. */
public final class SyntheticFacts {
    private SyntheticFacts() {
    }

    /** Synthetic facts of a plausible size: host, OS, accounts with provenance, some sshd options. */
    public static Facts server(String host, String reportId, int accounts) {
        Accounts.Builder acc = Accounts.newBuilder().setShadowReadable(true).setTodayDays(20_000);
        for (int i = 0; i < accounts; i++) {
            // one account named after the host: no two simulated servers have the same accounts section
            String name = i == 0 ? "root" : i == 1 ? "svc-" + Integer.toHexString(host.hashCode()) : "user" + i;
            acc.addAccounts(Account.newBuilder().setName(name).setUid(i == 0 ? 0 : 1000 + i).setGid(1000 + i)
                    .setHome("/home/" + name).setShell("/bin/bash").setInteractiveShell(true)
                    .setPasswordState(PasswordState.HASHED).setHashAlgorithm("SHA512").setLastChangeDays(19_900)
                    .setMaxDays(99_999).setMinDays(0).setWarnDays(7).setInactiveDays(-1).setExpireDays(-1)
                    .setShadowEntry(true)
                    .setPasswdSource(Source.newBuilder().setPath("/etc/passwd").setLine(i + 1)
                            .setExcerpt(name + ":x:" + (1000 + i) + ":" + (1000 + i) + "::/home/" + name + ":/bin/bash"))
                    .setShadowSource(Source.newBuilder().setPath("/etc/shadow").setLine(i + 1)
                            .setExcerpt(name + ":<SHA512 hash>:19900:0:99999:7:::")));
        }
        Sshd.Builder sshd = Sshd.newBuilder().setInstalled(true).setConfigPresent(true);
        for (String[] kv : new String[][] {{"permitrootlogin", "yes"}, {"passwordauthentication", "yes"},
                {"clientaliveinterval", "0"}, {"maxauthtries", "6"}, {"ciphers", "aes128-ctr,aes256-gcm@openssh.com"}}) {
            sshd.putOptions(kv[0], Setting.newBuilder().setKey(kv[0]).setValue(kv[1])
                    .setSource(Source.newBuilder().setPath("/etc/ssh/sshd_config").setLine(20).setExcerpt(kv[0] + " " + kv[1])).build());
        }
        return Facts.newBuilder().setSchemaVersion("1").setReportId(reportId)
                .setHost(HostInfo.newBuilder().setHostname(host).setCollectedAtEpochMs(System.currentTimeMillis())
                        .addIpAddresses("10.20.30.40").setMachineId("0123456789abcdef0123456789abcdef"))
                .setOs(OsInfo.newBuilder().setId("kylin").setPrettyName("Kylin Linux Advanced Server V10").setVersionId("V10")
                        .setKernelRelease("4.19.90-24.4.v2101.ky10.x86_64"))
                .setAccounts(acc).setSshd(sshd).build();
    }
}
