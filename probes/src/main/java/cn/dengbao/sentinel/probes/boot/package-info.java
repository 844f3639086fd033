/**
 * Trusted boot: TPM, Secure Boot, IMA/EVM (8.1.4.6).
 */
package cn.dengbao.sentinel.probes.boot;
