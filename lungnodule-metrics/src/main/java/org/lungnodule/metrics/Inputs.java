package org.lungnodule.metrics;

import java.util.Objects;

/** Validation of classification inputs, with messages that name the problem. */
final class Inputs {

  private Inputs() {}

  static boolean[] labels(int[] labels) {
    Objects.requireNonNull(labels, "labels");
    boolean[] out = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException(
            "labels must be 0 or 1, got " + labels[i] + " at index " + i);
      }
      out[i] = labels[i] == 1;
    }
    return out;
  }

  static void scores(String name, double[] scores, int n) {
    Objects.requireNonNull(scores, name);
    if (scores.length != n) {
      throw new IllegalArgumentException(
          "length mismatch: " + name + " has " + scores.length + " values but labels has " + n);
    }
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException(
            name + " must be finite, got " + scores[i] + " at index " + i);
      }
    }
  }

  /** Checks that both classes are present; returns the number of positives. */
  static int bothClasses(boolean[] labels) {
    int pos = 0;
    for (boolean b : labels) {
      if (b) {
        pos++;
      }
    }
    if (pos == 0 || pos == labels.length) {
      throw new IllegalArgumentException(
          "both classes are needed, got only "
              + (pos == 0 ? "negatives (label 0)" : "positives (label 1)")
              + " in "
              + labels.length
              + " cases");
    }
    return pos;
  }

  static double confidence(double c) {
    if (!(c > 0 && c < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + c);
    }
    return c;
  }

  static int replicates(int b) {
    if (b < 2) {
      throw new IllegalArgumentException("bootstrap replicates must be at least 2, got " + b);
    }
    if (b > Bootstrap.MAX_REPLICATES) {
      throw new IllegalArgumentException(
          "bootstrap replicates must be at most " + Bootstrap.MAX_REPLICATES + ", got " + b);
    }
    return b;
  }
}
