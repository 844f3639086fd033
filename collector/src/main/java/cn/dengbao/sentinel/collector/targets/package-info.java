/**
 * Agentless SSH targets as the operator manages them: adding one (host key pinned, credential sealed in the
 * vault), and {@code targets test}, which connects and says what the account can and cannot read.
 */
package cn.dengbao.sentinel.collector.targets;
