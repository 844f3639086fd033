/**
 * Times in the collector's output: {@link cn.dengbao.sentinel.collector.time.Times} turns stored UTC instants
 * into text and calendar days in the configured zone. Depends on nothing else in the collector.
 */
package cn.dengbao.sentinel.collector.time;
