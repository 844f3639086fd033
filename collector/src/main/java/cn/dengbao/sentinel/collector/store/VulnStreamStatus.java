package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/** What the store holds for one stream: which bundle, the retrieval time of its data, how many records, from what. */
public record VulnStreamStatus(String stream, long bundleId, Instant retrievedAt, int records, String sources,
                               Instant importedAt, String fileName) {
}
