package cn.dengbao.sentinel.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.collector.enroll.Tokens;
import cn.dengbao.sentinel.proto.Schedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulePolicyTest {
    @Test
    void fiveThousandAgentsSpreadOverTheDay() {
        SchedulePolicy p = SchedulePolicy.daily();
        long now = 1_700_000_000_000L;
        int[] perHour = new int[24];
        for (int i = 0; i < 5000; i++) {
            Schedule s = p.forAgent(Tokens.newAgentId(), "", now);
            assertEquals(86_400, s.getIntervalSeconds());
            assertTrue(s.getJitterSeconds() >= 8_640);
            assertTrue(s.getNextDueEpochMs() > now && s.getNextDueEpochMs() <= now + 86_400_000L);
            perHour[(int) ((s.getNextDueEpochMs() - now) / 3_600_000L)]++;
        }
        for (int h : perHour) {
            assertTrue(h > 120 && h < 300, "about 208 per hour, got " + h);
        }
    }

    @Test
    void sameAgentSamePhaseAndGroupsOverrideTheInterval() {
        SchedulePolicy p = new SchedulePolicy(86_400, Map.of("web", 3_600L), 0.05);
        long now = 1_700_000_000_000L;
        assertEquals(p.forAgent("agent-1", "", now).getNextDueEpochMs(), p.forAgent("agent-1", "", now).getNextDueEpochMs());
        Schedule web = p.forAgent("agent-1", "web", now);
        assertEquals(3_600, web.getIntervalSeconds());
        assertEquals(360, web.getJitterSeconds(), "jitter never below 10 %");
    }
}
