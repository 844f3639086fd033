/**
 * Enrolment: the key pair is made here, the collector's CA fingerprint is checked inside the TLS handshake before
 * the single-use token is sent, and the issued certificate is stored 0600.
 */
package cn.dengbao.sentinel.agent.enroll;
