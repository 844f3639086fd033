/**
 * Exports in the on-site record layout (xlsx, csv, json, html): report data built once from the store or an
 * evaluation, one exporter per format, with untrusted text escaped or neutralised by the text package.
 */
package cn.dengbao.sentinel.collector.export;
