/**
 * Permissions and owners of the critical files and directories (8.1.4.2f).
 */
package cn.dengbao.sentinel.probes.files;
