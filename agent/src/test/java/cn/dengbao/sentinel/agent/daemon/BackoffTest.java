package cn.dengbao.sentinel.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void fullJitterGrowsFromOneSecondToFiveMinutesAndResets() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(1));
        long[] ceilings = new long[12];
        for (int i = 0; i < ceilings.length; i++) {
            ceilings[i] = b.currentCeilingMillis();
            long d = b.nextDelayMillis();
            assertTrue(d >= 0 && d <= ceilings[i], "delay within [0, ceiling]");
        }
        assertEquals(1_000, ceilings[0]);
        assertEquals(2_000, ceilings[1]);
        assertEquals(300_000, ceilings[11], "capped at 5 minutes");
        b.reset();
        assertEquals(1_000, b.currentCeilingMillis());
    }
}
