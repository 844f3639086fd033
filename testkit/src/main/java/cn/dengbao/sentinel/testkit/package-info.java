/**
 * Test support shared by the modules (never shipped): test roots written like real distributions, a loopback
 * OpenSSH server, fact fixtures and synthetic facts, command runs with captured output.
 */
package cn.dengbao.sentinel.testkit;
