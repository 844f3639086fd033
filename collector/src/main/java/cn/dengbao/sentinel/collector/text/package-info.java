/**
 * Text for people: the one place where untrusted strings (hostnames, evidence, anything a host or agent sent) are
 * made safe for a terminal ({@link cn.dengbao.sentinel.collector.text.PlainText}), a spreadsheet or HTML page
 * ({@link cn.dengbao.sentinel.collector.text.Escaping}), and where plain-text tables are laid out by display width
 * so columns line up under Chinese text ({@link cn.dengbao.sentinel.collector.text.TextTable},
 * {@link cn.dengbao.sentinel.collector.text.DisplayWidth}). Depends on nothing else in the collector.
 */
package cn.dengbao.sentinel.collector.text;
