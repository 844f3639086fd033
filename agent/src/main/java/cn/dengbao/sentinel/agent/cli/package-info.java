/**
 * The agent's command line ({@code collect}, {@code enroll}, {@code run}): options in, work done by the daemon,
 * enrolment and probes packages.
 */
package cn.dengbao.sentinel.agent.cli;
