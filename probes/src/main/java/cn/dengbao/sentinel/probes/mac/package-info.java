/**
 * Mandatory access control: SELinux mode and policy, AppArmor profiles (8.1.4.2g).
 */
package cn.dengbao.sentinel.probes.mac;
