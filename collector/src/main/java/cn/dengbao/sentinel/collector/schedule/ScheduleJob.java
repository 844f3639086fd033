package cn.dengbao.sentinel.collector.schedule;

import cn.dengbao.sentinel.collector.store.ScheduleRecord;

/** The work a due schedule does (scan its group's SSH targets and/or ask its agents). */
@FunctionalInterface
public interface ScheduleJob {
    RunOutcome run(ScheduleRecord schedule) throws Exception;
}
