/**
 * Time synchronisation: chrony, ntpd, systemd-timesyncd.
 */
package cn.dengbao.sentinel.probes.timesync;
