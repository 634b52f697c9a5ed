/**
 * JMH benchmarks of lungnodule (not published). Each benchmark names the peer it is compared with
 * (scripts in {@code benchmarks/peers/}); run them back to back on the same machine and quote
 * ratios.
 */
package org.lungnodule.benchmarks;
