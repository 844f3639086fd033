/**
 * Service state: systemd units (enabled, masked, sockets, timers), SysV init and inetd/xinetd services.
 */
package cn.dengbao.sentinel.probes.services;
