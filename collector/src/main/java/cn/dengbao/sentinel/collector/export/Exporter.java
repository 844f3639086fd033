package cn.dengbao.sentinel.collector.export;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a report in one format. Implementations escape every agent-supplied string for their format. */
public interface Exporter {
    void write(ReportData data, OutputStream out) throws IOException;
}
