package cn.dengbao.sentinel.collector.vulns;

import cn.dengbao.sentinel.collector.store.VulnStreamStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Age and coverage per stream: a stream whose data was retrieved longer ago than the allowed age is stale, and
 * matching against it gives "not evaluated" exactly as a stream with no data does; one rule, used by {@code vulns
 * status} and by matching.
 */
public final class FeedCoverage {
    /** The default: data older than 7 days does not count. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    /** The streams the product is expected to cover (shown as "no data" until a bundle brings them). */
    public static final List<String> EXPECTED = List.of("debian:12", "ubuntu:22.04", "rhel:7", "rhel:8", "rhel:9",
            "centos:7", "openeuler:22.03-LTS-SP4", "anolis:8", "kylin:v10", "uos:20");

    /** The state of one stream's data. */
    public enum State {
        CURRENT("有效"), STALE("过期"), NO_DATA("无数据");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One stream's line: state, age (null without data) and what the store holds. */
    public record Row(String stream, State state, Duration age, VulnStreamStatus data) {
    }

    private FeedCoverage() {
    }

    public static State state(VulnStreamStatus s, Instant now, Duration maxAge) {
        if (s == null) {
            return State.NO_DATA;
        }
        return Duration.between(s.retrievedAt(), now).compareTo(maxAge) > 0 ? State.STALE : State.CURRENT;
    }

    /** Stored streams and the expected ones without data, by name. */
    public static List<Row> rows(List<VulnStreamStatus> stored, Instant now, Duration maxAge) {
        Map<String, Row> rows = new TreeMap<>();
        for (String s : EXPECTED) {
            rows.put(s, new Row(s, State.NO_DATA, null, null));
        }
        for (VulnStreamStatus s : stored) {
            rows.put(s.stream(), new Row(s.stream(), state(s, now, maxAge), Duration.between(s.retrievedAt(), now), s));
        }
        return new ArrayList<>(rows.values());
    }
}
