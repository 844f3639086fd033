/**
 * Rectification KPIs against the bureau's plan: fix rate, days to fix, overdue, high-risk findings still open.
 */
package cn.dengbao.sentinel.collector.kpi;
