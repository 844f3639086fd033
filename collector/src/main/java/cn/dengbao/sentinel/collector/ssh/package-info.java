/**
 * Agentless collection over SSH (JSch): pinned host keys, one session per host, files over SFTP, the fixed
 * read-only commands, root-only files in one {@code sudo -n cat} batch derived from the probes' declarations; the
 * same probes as the agent run over it.
 */
package cn.dengbao.sentinel.collector.ssh;
