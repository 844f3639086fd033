/**
 * The sshd configuration as the daemon reads it: Include order, first value wins, Match blocks.
 */
package cn.dengbao.sentinel.probes.sshd;
