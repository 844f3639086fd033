package cn.dengbao.sentinel.proto.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Accounts;
import cn.dengbao.sentinel.proto.Facts;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The work one report can cause is capped: a list beyond the limit is refused with the reason, not evaluated. */
class FactsLimitsTest {

    private static Facts accounts(int n) {
        Accounts.Builder a = Accounts.newBuilder();
        Account one = Account.newBuilder().setName("u").build();
        for (int i = 0; i < n; i++) {
            a.addAccounts(one);
        }
        return Facts.newBuilder().setAccounts(a).build();
    }

    @Test
    void aListAtTheLimitPassesOneBeyondItIsRefusedWithTheReason() {
        assertEquals(Optional.empty(), FactsLimits.problem(accounts(FactsLimits.MAX_LIST_ENTRIES)));
        String why = FactsLimits.problem(accounts(FactsLimits.MAX_LIST_ENTRIES + 1)).orElseThrow();
        assertTrue(why.startsWith("facts.accounts.accounts has 100001 entries"), why);
    }
}
