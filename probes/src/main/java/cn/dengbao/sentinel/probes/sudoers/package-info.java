/**
 * sudo grants from sudoers and its includes (8.1.4.2d).
 */
package cn.dengbao.sentinel.probes.sudoers;
