/**
 * PAM stacks as the services use them: include, substack and @include resolved, control flags and module arguments.
 */
package cn.dengbao.sentinel.probes.pam;
