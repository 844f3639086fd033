/**
 * Auditing and logging: auditd configuration and rules, journald, rsyslog (legacy and RainerScript) forwarding,
 * logrotate retention.
 */
package cn.dengbao.sentinel.probes.audit;
