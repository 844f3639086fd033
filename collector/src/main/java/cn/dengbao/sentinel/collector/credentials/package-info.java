/**
 * Credentials of agentless SSH targets, sealed with AES-256-GCM under a key file outside the database; never
 * printed, never logged.
 */
package cn.dengbao.sentinel.collector.credentials;
