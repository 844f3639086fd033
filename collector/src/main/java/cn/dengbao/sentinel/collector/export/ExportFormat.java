package cn.dengbao.sentinel.collector.export;

import java.util.Locale;

/** The export formats and their writers. */
public enum ExportFormat {
    XLSX, CSV, JSON, HTML;

    public Exporter exporter() {
        return switch (this) {
            case XLSX -> new XlsxExporter();
            case CSV -> new CsvExporter();
            case JSON -> new JsonExporter();
            case HTML -> new HtmlExporter();
        };
    }

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }
}
