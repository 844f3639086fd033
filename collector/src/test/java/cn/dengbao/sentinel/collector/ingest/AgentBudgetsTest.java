package cn.dengbao.sentinel.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One heavy host cannot take the ingest pool from everyone: its evaluation CPU is budgeted per agent. */
class AgentBudgetsTest {

    @Test
    void aHeavyEvaluationIsChargedAndTheAgentWaitsUntilTheBucketRefills() {
        AgentBudgets b = new AgentBudgets(1000, 2_000, 30_000);
        long t = 1_000_000;
        assertTrue(b.mayEvaluate("heavy", t));
        b.chargeEvaluation("heavy", 60_000, t); // one report with 30 000 accounts: a minute of CPU
        assertFalse(b.mayEvaluate("heavy", t + 1));
        assertTrue(b.mayEvaluate("light", t + 1), "other agents keep their own budget");
        // 30 s below zero at 2 s per minute: 15 minutes to come back above zero
        assertFalse(b.mayEvaluate("heavy", t + 14 * 60_000));
        assertTrue(b.mayEvaluate("heavy", t + 16 * 60_000));
    }

    @Test
    void reportRatesArePerAgentNotPerStream() {
        AgentBudgets b = new AgentBudgets(3, 2_000, 30_000);
        long t = 5_000;
        for (int i = 0; i < 3; i++) {
            assertTrue(b.tryReport("a", t));
        }
        assertFalse(b.tryReport("a", t), "a 4th report in the same instant");
        assertTrue(b.tryReport("b", t));
        assertTrue(b.tryReport("a", t + 20_000), "refills 3 per minute");
    }
}
