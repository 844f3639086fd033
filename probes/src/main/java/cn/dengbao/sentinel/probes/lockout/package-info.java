/**
 * Login-failure handling: pam_faillock and pam_tally2 settings with faillock.conf (8.1.4.1b).
 */
package cn.dengbao.sentinel.probes.lockout;
