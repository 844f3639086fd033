/**
 * Facts only a running host has: listening sockets and processes (from /proc or OSHI).
 */
package cn.dengbao.sentinel.probes.live;
