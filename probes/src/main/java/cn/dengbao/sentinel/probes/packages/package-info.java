/**
 * Installed packages from the dpkg or rpm database, pending (security) updates with their cache, running vs newest
 * installed kernel, package version order.
 */
package cn.dengbao.sentinel.probes.packages;
