/**
 * The reporting daemon: one long-lived mutual-TLS stream to the collector, reports on start, on schedule and on
 * request, spooled before sending, reconnects with jittered backoff. It never evaluates and has no message that
 * runs a command.
 */
package cn.dengbao.sentinel.agent.daemon;
