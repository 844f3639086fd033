/**
 * Read-only access to a host: the live host, an offline root directory (every path component resolved inside the
 * root) and, in the collector, SSH; the closed list of fixed read-only commands.
 */
package cn.dengbao.sentinel.probes.access;
