/**
 * Agent reports in: validation, per-agent rate and evaluation-CPU budgets, evaluation, group commit to the store,
 * acks only after the commit, and the open streams.
 */
package cn.dengbao.sentinel.collector.ingest;
