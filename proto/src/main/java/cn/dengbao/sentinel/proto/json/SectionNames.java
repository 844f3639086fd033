package cn.dengbao.sentinel.proto.json;

import cn.dengbao.sentinel.proto.FactSection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Fact-section names as people type them on a command line: "sshd", "login-lockout" or "SECTION_SSHD". */
public final class SectionNames {
    private SectionNames() {
    }

    /** The section a name means; empty when it names none. */
    public static Optional<FactSection> parse(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (String candidate : List.of(n, "SECTION_" + n)) {
            try {
                FactSection fs = FactSection.valueOf(candidate);
                return fs == FactSection.UNRECOGNIZED || fs == FactSection.FACT_SECTION_UNSPECIFIED
                        ? Optional.empty() : Optional.of(fs);
            } catch (IllegalArgumentException ignored) {
                // try the next spelling
            }
        }
        return Optional.empty();
    }

    /** Every name parsed; an unknown one is an IllegalArgumentException naming it (a usage error, exit 2). */
    public static java.util.List<FactSection> parseAll(java.util.List<String> names) {
        java.util.List<FactSection> out = new java.util.ArrayList<>();
        for (String s : names) {
            out.add(parse(s).orElseThrow(
                    () -> new IllegalArgumentException("未知的事实部分 (unknown section) '" + s + "'")));
        }
        return out;
    }

    /** "login-lockout" for SECTION_LOGIN_LOCKOUT: the spelling the commands print. */
    public static String display(FactSection section) {
        return section.name().replaceFirst("^SECTION_", "").toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
