/**
 * Known vulnerabilities for 8.1.4.4e from offline feeds: signed bundles built from the vendors' own data and
 * imported with their provenance, exact rpm and dpkg version order within one stream, and per-host matching in three
 * honest states (affected with a fix, affected without a vendor fix, not evaluated) — never "clean" without data.
 */
package cn.dengbao.sentinel.collector.vulns;
