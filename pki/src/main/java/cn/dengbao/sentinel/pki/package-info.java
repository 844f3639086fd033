/**
 * The one copy of the PKI helpers both programs need: fingerprints, PEM, files written 0600 atomically, the agent
 * identity, TLS channels pinned to the collector's CA, SM3.
 */
package cn.dengbao.sentinel.pki;
