package org.lungnodule.models.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded toy nodule cubes for tests: benign = a smooth bright sphere, malignant = a spiky
 * (lobulated) blob of similar size, both with noise; three identical channels.
 */
final class SyntheticCubes {
  private SyntheticCubes() {}

  static final int[] SHAPE = {3, 8, 24, 24};

  /** A tiny network for fast tests on {@link #SHAPE}. */
  static ResNet3d tinyNet() {
    return ResNet3d.builder()
        .depth(10)
        .widthMultiplier(0.125)
        .inputShape(SHAPE[0], SHAPE[1], SHAPE[2], SHAPE[3])
        .stemKernel(3)
        .stemStride(1, 1, 1)
        .build();
  }

  static List<LabelledCube> make(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<LabelledCube> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean malignant = i % 2 == 1;
      out.add(
          LabelledCube.of(
              "p" + seed + "_" + i + "/n0", "p" + seed + "_" + i, cube(malignant, rnd), malignant));
    }
    return out;
  }

  static float[] cube(boolean spiky, SplittableRandom rnd) {
    int c = SHAPE[0];
    int d = SHAPE[1];
    int h = SHAPE[2];
    int w = SHAPE[3];
    float[] v = new float[c * d * h * w];
    double r0 = 3.0 + rnd.nextDouble() * 2.0;
    double cz = d / 2.0 - 0.5;
    double cy = h / 2.0 + rnd.nextDouble() * 4 - 2;
    double cx = w / 2.0 + rnd.nextDouble() * 4 - 2;
    double phase1 = rnd.nextDouble() * Math.PI * 2;
    double phase2 = rnd.nextDouble() * Math.PI * 2;
    int plane = d * h * w;
    for (int z = 0; z < d; z++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double dz = z - cz;
          double dy = y - cy;
          double dx = x - cx;
          double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
          double theta = Math.atan2(dy, dx);
          double phi = Math.acos(r == 0 ? 1 : dz / r);
          double radius =
              spiky
                  ? r0 * (1 + 0.45 * Math.sin(6 * theta + phase1) * Math.sin(5 * phi + phase2))
                  : r0;
          double val = (r < radius ? 1.0 : 0.0) + 0.25 * rnd.nextGaussian();
          int idx = (z * h + y) * w + x;
          for (int ch = 0; ch < c; ch++) {
            v[ch * plane + idx] = (float) val;
          }
        }
      }
    }
    return v;
  }
}
