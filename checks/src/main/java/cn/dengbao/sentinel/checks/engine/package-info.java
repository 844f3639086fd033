/**
 * The rule engine: rules as YAML with CEL conditions compiled once, profiles (typed, range-checked thresholds),
 * host attributes, the clause catalog and the only clause roll-up, the per-rule finding memo.
 */
package cn.dengbao.sentinel.checks.engine;
