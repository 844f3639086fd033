/**
 * Shared reading helpers: bounded file reads that tell "absent" from "could not look", configuration text lines and
 * comments, key-value files, globs, small YAML documents.
 */
package cn.dengbao.sentinel.probes.support;
