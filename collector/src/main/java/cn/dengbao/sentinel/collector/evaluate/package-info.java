/**
 * Judging one facts file or this host without a running collector ({@code evaluate}): reading facts, rendering the
 * results as a table, CSV or the DESIGN contract's JSON.
 */
package cn.dengbao.sentinel.collector.evaluate;
