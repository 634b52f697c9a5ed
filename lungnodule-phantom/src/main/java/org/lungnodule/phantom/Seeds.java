package org.lungnodule.phantom;

import java.nio.charset.StandardCharsets;

/** Seed mixing: every random stream of the phantom is derived from the user's seed here. */
final class Seeds {

  private Seeds() {}

  /** SplitMix64 finaliser of a + golden-ratio × b: a well-mixed 64-bit function of two longs. */
  static long mix(long a, long b) {
    long z = a + 0x9E3779B97F4A7C15L * (b + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** FNV-1a 64-bit hash of the UTF-8 bytes of a string (stable across JVMs, unlike hashCode). */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Pseudo-random value in [-1, 1) from integer lattice coordinates and a seed. */
  static float lattice(long seed, int x, int y, int z) {
    long h = seed;
    h ^= x * 0x8CB92BA72F3D8DD7L;
    h ^= y * 0xD6E8FEB86659FD93L;
    h ^= z * 0xA0761D6478BD642FL;
    h = (h ^ (h >>> 32)) * 0xD6E8FEB86659FD93L;
    h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (float) ((h >>> 40) * 0x1.0p-23 - 1.0);
  }
}
