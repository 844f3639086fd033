package cn.dengbao.sentinel.collector.store;

import java.time.Instant;

/** Provenance of one source in a feed bundle: where it was fetched, when, its SHA-256, licence, and record count. */
public record FeedSource(String name, String originUrl, Instant retrievedAt, String sha256, String licence,
                         int records) {
}
