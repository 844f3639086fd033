/**
 * Facts as JSON files (strictly read: size, nesting, value kinds checked against the schema) and fact-section names
 * as typed on command lines.
 */
package cn.dengbao.sentinel.proto.json;
