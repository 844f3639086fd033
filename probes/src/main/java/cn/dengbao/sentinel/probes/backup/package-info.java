/**
 * Backup jobs and agents found in cron, timers and the product catalog (8.1.4.9).
 */
package cn.dengbao.sentinel.probes.backup;
