/**
 * The on-disk spool (every report is written before it is sent and deleted only on the collector's ack) and its
 * dead letters (reports the collector will never take, set aside with the reason).
 */
package cn.dengbao.sentinel.agent.spool;
