/**
 * Firewall state and rules: firewalld zones, nftables and iptables saves, TCP wrappers.
 */
package cn.dengbao.sentinel.probes.firewall;
