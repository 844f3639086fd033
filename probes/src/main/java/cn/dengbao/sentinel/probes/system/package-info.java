/**
 * Readers several probes share: systemd and SysV state, installed packages, product catalogs, and redaction of
 * secrets in command lines.
 */
package cn.dengbao.sentinel.probes.system;
