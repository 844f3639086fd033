/**
 * Load generators for the paths users run (ingest over mutual TLS, agentless SSH scans, exports), in their own jar:
 * nothing here ships in the product jars.
 */
package cn.dengbao.sentinel.bench;
