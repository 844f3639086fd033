package cn.dengbao.sentinel.proto.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Accounts;
import cn.dengbao.sentinel.proto.AccessMode;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.HostInfo;
import cn.dengbao.sentinel.proto.PasswordState;
import cn.dengbao.sentinel.proto.Setting;
import cn.dengbao.sentinel.proto.Source;
import cn.dengbao.sentinel.proto.Sshd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Facts files come from hosts: a value of the wrong kind is refused with its path, never coerced. */
class FactsJsonStrictTest {

    private static Facts sample() {
        return Facts.newBuilder().setSchemaVersion("1").setReportId("r1")
                .setHost(HostInfo.newBuilder().setHostname("web-01").setAccessMode(AccessMode.LOCAL)
                        .setCollectedAtEpochMs(1_780_000_000_000L).addIpAddresses("10.0.0.1"))
                .setAccounts(Accounts.newBuilder().setShadowReadable(true).addAccounts(Account.newBuilder()
                        .setName("root").setUid(0).setPasswordState(PasswordState.HASHED).setMaxDays(99999)))
                .setSshd(Sshd.newBuilder().putOptions("permitrootlogin", Setting.newBuilder().setKey("permitrootlogin")
                        .setValue("no").setSource(Source.newBuilder().setPath("/etc/ssh/sshd_config").setLine(3)).build()))
                .build();
    }

    @Test
    void whatThePrinterWritesIsReadBackUnchanged() throws Exception {
        Facts f = sample();
        assertEquals(f, FactsJson.parse(FactsJson.print(f)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "array for a string | {\"host\":{\"hostname\":[\"web-01\"]}} | host.hostname: expected a string, found an array",
            "number for an enum | {\"host\":{\"access_mode\":1}} | host.access_mode: expected one of the names of AccessMode, found a number",
            "unknown enum name | {\"host\":{\"access_mode\":\"LOCALHOST\"}} | host.access_mode: 'LOCALHOST' is not a value of AccessMode",
            "string for a bool | {\"accounts\":{\"shadow_readable\":\"true\"}} | accounts.shadow_readable: expected true or false, found a string",
            "string for an int32 | {\"accounts\":{\"accounts\":[{\"name\":\"root\",\"passwd_source\":{\"line\":\"3\"}}]}} | accounts.accounts[0].passwd_source.line: expected a number, found a string",
            "bool for an int64 | {\"accounts\":{\"accounts\":[{\"name\":\"root\",\"uid\":true}]}} | accounts.accounts[0].uid: expected a number, found a boolean",
            "object for a list | {\"host\":{\"ip_addresses\":{\"a\":\"10.0.0.1\"}}} | host.ip_addresses: expected an array, found an object",
            "number in a list of strings | {\"host\":{\"ip_addresses\":[\"10.0.0.1\",7]}} | host.ip_addresses[1]: expected a string, found a number",
            "string for a message | {\"host\":\"web-01\"} | host: expected an object, found a string",
            "wrong map value | {\"sshd\":{\"options\":{\"permitrootlogin\":\"no\"}}} | sshd.options[\"permitrootlogin\"]: expected an object, found a string",
            "not an object at all | [1,2] | expected an object, found an array"})
    void aValueOfTheWrongKindIsRefusedWithItsPath(String what, String json, String expected) {
        FactsJson.InvalidFactsException e = assertThrows(FactsJson.InvalidFactsException.class, () -> FactsJson.parse(json));
        assertTrue(e.getMessage().endsWith(expected), what + ": " + e.getMessage());
    }

    @Test
    void anOutOfRangeNumberIsRefusedNotWrapped() {
        FactsJson.InvalidFactsException e = assertThrows(FactsJson.InvalidFactsException.class,
                () -> FactsJson.parse("{\"accounts\":{\"accounts\":[{\"name\":\"root\",\"max_days\":99999999999999999999}]}}"));
        assertTrue(e.getMessage().startsWith("not a valid facts JSON document"), e.getMessage());
    }

    @Test
    void lenientJsonIsRefused() {
        assertThrows(FactsJson.InvalidFactsException.class, () -> FactsJson.parse("{host: {hostname: 'a'}}"));
        assertThrows(FactsJson.InvalidFactsException.class, () -> FactsJson.parse("{\"host\":{} /* c */}"));
    }

    @Test
    void theProto3FormsAHandWrittenFileMayUseAreAccepted() throws Exception {
        Facts f = FactsJson.parse("{\"host\":{\"hostname\":\"h\",\"collectedAtEpochMs\":1780000000000,"
                + "\"access_mode\":null},\"future_field\":[1,2]}");
        assertEquals("h", f.getHost().getHostname());
        assertEquals(1_780_000_000_000L, f.getHost().getCollectedAtEpochMs());
        assertEquals(1_780_000_000_000L, FactsJson.parse("{\"host\":{\"collected_at_epoch_ms\":\"1780000000000\"}}")
                .getHost().getCollectedAtEpochMs());
    }
}
