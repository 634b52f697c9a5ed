/**
 * JMH benchmarks of lungnodule, each measured against a peer reference script in {@code
 * /work/shared/peers/} (see the README's benchmark notes). Not published.
 */
package org.lungnodule.benchmarks;
