package cn.dengbao.sentinel.collector.vulns;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * Feed streams: {@code distro:release} as in the bundle ({@code debian:12}, {@code ubuntu:22.04}, {@code rhel:9},
 * {@code centos:7}, {@code openeuler:22.03-LTS-SP4}, {@code anolis:8}, {@code kylin:v10}, {@code uos:20}). A version is
 * only ever compared with records of the host's own stream, with that stream's version scheme.
 */
public final class Streams {
    /** How a stream's package versions are ordered. */
    public enum Scheme { DPKG, RPM }

    private Streams() {
    }

    /** The version scheme of a stream; IllegalArgumentException for a distribution Sentinel has no scheme for. */
    public static Scheme scheme(String stream) {
        String distro = distro(stream);
        return switch (distro) {
            case "debian", "ubuntu", "uos" -> Scheme.DPKG;
            case "rhel", "centos", "openeuler", "anolis", "kylin" -> Scheme.RPM;
            default -> throw new IllegalArgumentException("未知的漏洞数据流 (unknown stream): " + stream);
        };
    }

    /** Checks a stream name as written in a bundle: {@code distro:release}, a known distribution. */
    public static String check(String stream) {
        if (stream == null || !stream.matches("[a-z]+:[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("漏洞数据流名称无效 (bad stream name): " + stream);
        }
        scheme(stream);
        return stream;
    }

    /** Compares two versions of one stream with its scheme. */
    public static int compare(String stream, String a, String b) {
        return scheme(stream) == Scheme.DPKG ? DebVersion.compare(a, b) : RpmVersion.compareEvr(a, b);
    }

    /** When the release stopped getting security updates, if it has (the data table {@link EndOfLife}). */
    public static Optional<LocalDate> endOfLife(String stream) {
        return EndOfLife.of(stream);
    }

    /**
     * The stream of a host from os-release {@code ID} and {@code VERSION_ID}: major release for Debian, RHEL,
     * CentOS and Anolis (their minor releases share one feed), the full VERSION_ID elsewhere (Ubuntu 22.04,
     * openEuler 22.03-LTS-SP4 once the SP is known). Empty when the distribution has no stream.
     */
    public static Optional<String> ofOsRelease(String id, String versionId) {
        if (id == null || id.isBlank() || versionId == null || versionId.isBlank()) {
            return Optional.empty();
        }
        String distro = id.toLowerCase(Locale.ROOT);
        String v = versionId.strip();
        String major = v.contains(".") ? v.substring(0, v.indexOf('.')) : v;
        return switch (distro) {
            case "debian", "rhel", "centos", "anolis" -> Optional.of(distro + ":" + major);
            case "ubuntu" -> Optional.of("ubuntu:" + v);
            case "openeuler" -> Optional.of("openeuler:" + v);
            case "kylin" -> Optional.of("kylin:" + v.toLowerCase(Locale.ROOT));
            case "uos" -> Optional.of("uos:" + major);
            default -> Optional.empty();
        };
    }

    static String distro(String stream) {
        int colon = stream.indexOf(':');
        return colon < 0 ? stream : stream.substring(0, colon);
    }
}
