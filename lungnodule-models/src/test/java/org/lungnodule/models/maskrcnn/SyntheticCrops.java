package org.lungnodule.models.maskrcnn;

import java.util.SplittableRandom;

/** Seeded synthetic crops for tests: bright spheres (about 0 HU) in a noisy dark (lung) field. */
final class SyntheticCrops {

  private SyntheticCrops() {}

  /** A crop of edge {@code size} with one sphere of the given radius at a random place. */
  static Crop sphere(int size, double radius, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = size * size * size;
    float[] v = new float[n];
    byte[] l = new byte[n];
    double margin = radius + 2;
    double cz = margin + r.nextDouble() * (size - 2 * margin);
    double cy = margin + r.nextDouble() * (size - 2 * margin);
    double cx = margin + r.nextDouble() * (size - 2 * margin);
    for (int z = 0, i = 0; z < size; z++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++, i++) {
          double d2 = sq(z + 0.5 - cz) + sq(y + 0.5 - cy) + sq(x + 0.5 - cx);
          boolean in = d2 <= radius * radius;
          v[i] = (float) ((in ? 170 : 30) + 8 * (r.nextDouble() - 0.5));
          l[i] = (byte) (in ? 1 : 0);
        }
      }
    }
    return new Crop(size, v, l);
  }

  private static double sq(double v) {
    return v * v;
  }
}
