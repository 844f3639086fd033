package cn.dengbao.sentinel.collector.schedule;

/** The work a due schedule does (scan its group's SSH targets and/or ask its agents). */
@FunctionalInterface
public interface ScheduleJob {
    RunOutcome run(Schedule schedule) throws Exception;
}
