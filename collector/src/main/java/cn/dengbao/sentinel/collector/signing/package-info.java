/**
 * Export signatures: an SM3 manifest signed with the collector's SM2 key, and its verification ({@code verify}).
 */
package cn.dengbao.sentinel.collector.signing;
