/**
 * Operating system identity from os-release (Kylin, UOS, openEuler, Anolis, CentOS/RHEL, Debian/Ubuntu) and the
 * running kernel.
 */
package cn.dengbao.sentinel.probes.os;
