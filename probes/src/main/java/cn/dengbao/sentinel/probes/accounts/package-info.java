/**
 * Accounts from passwd, shadow and group: identities, login shells, password state and hash algorithm (never the
 * hash itself), ageing.
 */
package cn.dengbao.sentinel.probes.accounts;
