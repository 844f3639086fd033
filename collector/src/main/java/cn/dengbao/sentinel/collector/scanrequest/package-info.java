/**
 * Scan requests through the store: {@link cn.dengbao.sentinel.collector.scanrequest.ScanRequestService} queues
 * one request per agent (from {@code scan} and the scheduler's agent-group runs), and every running collector's
 * {@link cn.dengbao.sentinel.collector.scanrequest.ScanRequestDispatcher} delivers those whose agent is connected
 * to it, each exactly once, so an agent is reached whichever collector sharing the database holds its stream.
 * Depends on the store, the ingest sessions' wire types (fact sections) and nothing in the CLI.
 */
package cn.dengbao.sentinel.collector.scanrequest;
