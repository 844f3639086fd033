/**
 * The zh-CN wording of verdicts (符合 … 无法判定), risk levels (高/中/低) and operator decisions, as assessors write
 * them. One table, so the terminal, CSV, workbook, HTML and JSON outputs can never name the same thing twice.
 */
package cn.dengbao.sentinel.checks.labels;
