/**
 * JMH benchmarks of lungnodule (not published). Each benchmark names the peer it is compared with
 * (scripts in {@code shared/peers/}); run them back to back on the same machine and quote ratios.
 * JMH benchmarks of lungnodule, each measured against a peer reference script in {@code
 * /work/shared/peers/} (see the README's benchmark notes). Not published.
 */
package org.lungnodule.benchmarks;
