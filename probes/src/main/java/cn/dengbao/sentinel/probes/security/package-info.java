/**
 * Anti-malware and host intrusion detection products, installed and running, and signature age (8.1.4.4f, 8.1.4.5).
 */
package cn.dengbao.sentinel.probes.security;
