/**
 * Password policy: login.defs ageing and hashing, pwquality settings.
 */
package cn.dengbao.sentinel.probes.password;
