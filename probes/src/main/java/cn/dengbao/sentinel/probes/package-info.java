/**
 * Fact collection: the Probe contract (one section each, with the paths and fixed commands it declares), the one
 * ProbeRegistry and the FactsCollector that runs probes concurrently over any HostAccess.
 */
package cn.dengbao.sentinel.probes;
