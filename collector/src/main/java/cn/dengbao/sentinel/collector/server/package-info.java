/**
 * The running collector ({@code serve}): configuration, the gRPC server with mutual TLS, wiring of store, engine
 * and ingest, host attributes by agent certificate.
 */
package cn.dengbao.sentinel.collector.server;
