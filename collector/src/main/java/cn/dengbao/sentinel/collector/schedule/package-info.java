/**
 * Scheduled scans (cron in the collector's time zone): SSH scans of a group and agent-group scan requests, a missed
 * run once on start, overlapping runs skipped and recorded.
 */
package cn.dengbao.sentinel.collector.schedule;
