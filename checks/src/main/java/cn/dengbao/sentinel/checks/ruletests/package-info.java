/**
 * Rule tests as data: {@code <rule>.tests.yaml} beside each rule (base host + change + expected verdict), the
 * built-in base hosts per OS family, and the runner shared by the build and {@code sentinel-collector rules test}.
 */
package cn.dengbao.sentinel.checks.ruletests;
