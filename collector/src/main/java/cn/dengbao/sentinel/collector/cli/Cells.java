package cn.dengbao.sentinel.collector.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as the CLI tables show them. (Cleaning, CSV and table layout are the text package's.) */
final class Cells {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private Cells() {}

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }
}
