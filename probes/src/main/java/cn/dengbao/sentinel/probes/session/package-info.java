/**
 * Idle-session timeout: TMOUT in the shell profiles, readonly or not (8.1.4.1b).
 */
package cn.dengbao.sentinel.probes.session;
