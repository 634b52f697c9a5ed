package org.lungnodule.core.preprocess;

import java.util.SplittableRandom;

/** Derives an independent random stream for each (seed, sample index) pair. */
final class Seeds {

  private Seeds() {}

  /** Returns a generator that depends only on {@code seed} and {@code index}. */
  static SplittableRandom stream(long seed, long index) {
    return new SplittableRandom(mix(seed ^ mix(index + 0x9E3779B97F4A7C15L)));
  }

  /** The SplitMix64 finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
