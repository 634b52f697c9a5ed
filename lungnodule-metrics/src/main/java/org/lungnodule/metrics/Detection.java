package org.lungnodule.metrics;

import java.util.List;
import java.util.Objects;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.WorldPoint;

/** Inputs of detection metrics ({@link Froc}): candidates and reference nodules per scan. */
public final class Detection {

  private Detection() {}

  /**
   * A detection candidate.
   *
   * @param centerMm candidate centre, world mm
   * @param score detector confidence, finite
   */
  public record Candidate(WorldPoint centerMm, double score) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the score is NaN or infinite
     */
    public Candidate {
      Objects.requireNonNull(centerMm, "centerMm");
      if (!Double.isFinite(score)) {
        throw new IllegalArgumentException("candidate score must be finite, got " + score);
      }
    }
  }

  /**
   * A reference nodule.
   *
   * @param centerMm centre, world mm
   * @param diameterMm diameter in mm, positive
   */
  public record TruthNodule(WorldPoint centerMm, double diameterMm) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the diameter is not positive and finite
     */
    public TruthNodule {
      Objects.requireNonNull(centerMm, "centerMm");
      if (!(diameterMm > 0) || Double.isInfinite(diameterMm)) {
        throw new IllegalArgumentException("nodule diameter must be positive, got " + diameterMm + " mm");
      }
    }

    /** The reference nodule of an annotated nodule. */
    public static TruthNodule of(Nodule nodule) {
      return new TruthNodule(nodule.centerMm(), nodule.diameterMm());
    }
  }

  /**
   * The candidates and the reference nodules of one scan.
   *
   * @param scanId scan identifier
   * @param candidates the detector's candidates
   * @param nodules the reference nodules
   */
  public record Scan(String scanId, List<Candidate> candidates, List<TruthNodule> nodules) {
    /** Copies the lists. */
    public Scan {
      Objects.requireNonNull(scanId, "scanId");
      candidates = List.copyOf(candidates);
      nodules = List.copyOf(nodules);
    }
  }
}
