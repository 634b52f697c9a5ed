package org.lungnodule.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A detection score threshold and where it came from: candidates with score &gt;= {@code threshold}
 * count as detections. Made by {@link DetectionEvaluation#chooseThreshold(java.util.List, double)}
 * (on a validation set, to be applied to a test set with {@link
 * DetectionEvaluation#at(OperatingPoint)}) or by {@link #fixed(double, String)} (a threshold set
 * beforehand, such as a model's own).
 *
 * @param threshold the score threshold (may be above every score: then nothing is kept)
 * @param origin where the threshold came from, in words
 * @param choice how it was chosen, if it was chosen on data
 */
public record OperatingPoint(double threshold, String origin, Optional<Choice> choice) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the threshold is NaN or the origin blank
   */
  public OperatingPoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(choice, "choice");
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must be a number, got NaN");
    }
    if (origin.isBlank()) {
      throw new IllegalArgumentException(
          "origin must say where the threshold came from, got '" + origin + "'");
    }
  }

  /**
   * A threshold set beforehand.
   *
   * @param threshold the score threshold
   * @param origin where it came from, for example {@code "the model's score threshold"}
   * @throws IllegalArgumentException if the threshold is NaN or the origin blank
   */
  public static OperatingPoint fixed(double threshold, String origin) {
    return new OperatingPoint(threshold, origin, Optional.empty());
  }

  /**
   * How a threshold was chosen: on which scans, under which false-positive budget, and what it gave
   * there.
   *
   * @param maxFpPerScan the budget: at most this many false positives per scan
   * @param scanIds the scans it was chosen on
   * @param nodules the reference nodules of those scans
   * @param sensitivity the sensitivity it gave there
   * @param fpPerScan the false positives per scan it gave there
   */
  public record Choice(
      double maxFpPerScan, Set<String> scanIds, int nodules, double sensitivity, double fpPerScan) {
    /** Copies the scan ids. */
    public Choice {
      scanIds = Set.copyOf(scanIds);
    }
  }

  /** Returns an ordered map for JSON: threshold, origin and, if chosen on data, the choice. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threshold", threshold);
    m.put("origin", origin);
    choice.ifPresent(
        c -> {
          m.put("maxFpPerScan", c.maxFpPerScan());
          m.put("chosenOnScans", c.scanIds().size());
          m.put("chosenOnNodules", c.nodules());
          m.put("chosenSensitivity", c.sensitivity());
          m.put("chosenFpPerScan", c.fpPerScan());
        });
    return m;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "score >= %.4f (%s)", threshold, origin);
  }
}
