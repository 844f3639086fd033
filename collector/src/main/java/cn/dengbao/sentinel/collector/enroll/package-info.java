/**
 * Enrolment on the collector side: single-use expiring tokens (only their SHA-256 stored), CSR checks and
 * certificate issue, the agent registry, and the peer identity taken from the client certificate.
 */
package cn.dengbao.sentinel.collector.enroll;
