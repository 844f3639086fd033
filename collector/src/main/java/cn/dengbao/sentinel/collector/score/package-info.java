/**
 * The host-layer score estimate: item results after operator decisions (rolled up by checks' ClauseRollup), the
 * 2021 template score and band, the 2025 compliance rate and conclusion, what to fix first.
 */
package cn.dengbao.sentinel.collector.score;
