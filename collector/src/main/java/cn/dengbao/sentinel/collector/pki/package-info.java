/**
 * The collector's own certificate authority (enrolment) and server certificate, kept 0700/0600 under the data
 * directory.
 */
package cn.dengbao.sentinel.collector.pki;
