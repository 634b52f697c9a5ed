package org.lungnodule.models.maskrcnn;

import java.util.Arrays;
import java.util.Objects;

/**
 * One detection in a crop (or window): its refined box in the crop's voxel coordinates ({@link
 * Box3d} convention), its nodule probability, and its mask as probabilities on an {@code M×M×M}
 * grid spanning the mask box (z slowest, x fastest) — the box itself or, with a mask context, the
 * box enlarged about its centre. It also records its {@link CandidateSource}, how its mask was made
 * ({@link MaskOrigin}), the score its source gave it, and — once a {@link RescoringStage} has
 * rescored it — the second stage's probability.
 */
public final class CropDetection {

  private final Box3d box;
  private final Box3d maskBox;
  private final double score;
  private final int maskSize;
  private final float[] maskProbabilities;
  private final CandidateSource source;
  private final MaskOrigin maskOrigin;
  private final double detectorScore;
  private final double reducerProbability;
  private final PendingMask pending; // the window whose mask head will make the mask, until it has

  /**
   * A Mask R-CNN detection whose mask the mask head has not made yet: the sliding window's origin
   * on the scan's grid and its backbone features (see {@link SlidingWindowDetector#resolveMasks}).
   * Identity matters: one window, one object.
   */
  static final class PendingMask {
    final int z0;
    final int y0;
    final int x0;
    final float[] features;

    PendingMask(int z0, int y0, int x0, float[] features) {
      this.z0 = z0;
      this.y0 = y0;
      this.x0 = x0;
      this.features = features;
    }
  }

  /**
   * Creates a Mask R-CNN detection whose mask comes from the mask head.
   *
   * @throws IllegalArgumentException if the score is outside [0, 1] or the mask is not {@code
   *     maskSize³} values
   */
  public CropDetection(Box3d box, double score, int maskSize, float[] maskProbabilities) {
    this(box, box, score, maskSize, maskProbabilities);
  }

  /**
   * Creates a Mask R-CNN detection whose mask (from the mask head) spans {@code maskBox} rather
   * than the box.
   *
   * @throws IllegalArgumentException if the score is outside [0, 1] or the mask is not {@code
   *     maskSize³} values
   */
  public CropDetection(
      Box3d box, Box3d maskBox, double score, int maskSize, float[] maskProbabilities) {
    this(
        box,
        maskBox,
        score,
        maskSize,
        maskProbabilities,
        CandidateSource.MASK_RCNN,
        MaskOrigin.MASK_HEAD);
  }

  /**
   * Creates a detection of a given source with a mask made as {@code maskOrigin} says, its score
   * being the source's own (not yet rescored).
   *
   * @throws IllegalArgumentException if the score is outside [0, 1] or the mask is not {@code
   *     maskSize³} values
   */
  public CropDetection(
      Box3d box,
      Box3d maskBox,
      double score,
      int maskSize,
      float[] maskProbabilities,
      CandidateSource source,
      MaskOrigin maskOrigin) {
    this(
        box,
        maskBox,
        score,
        maskSize,
        maskProbabilities,
        source,
        maskOrigin,
        score,
        Double.NaN,
        null);
  }

  /** A Mask R-CNN detection whose mask the mask head will make later, from {@code pending}. */
  CropDetection(Box3d box, Box3d maskBox, double score, int maskSize, PendingMask pending) {
    this(
        box,
        maskBox,
        score,
        maskSize,
        null,
        CandidateSource.MASK_RCNN,
        MaskOrigin.MASK_HEAD,
        score,
        Double.NaN,
        Objects.requireNonNull(pending, "pending"));
  }

  private CropDetection(
      Box3d box,
      Box3d maskBox,
      double score,
      int maskSize,
      float[] maskProbabilities,
      CandidateSource source,
      MaskOrigin maskOrigin,
      double detectorScore,
      double reducerProbability,
      PendingMask pending) {
    this.source = Objects.requireNonNull(source, "source");
    this.maskOrigin = Objects.requireNonNull(maskOrigin, "maskOrigin");
    if (!(detectorScore >= 0 && detectorScore <= 1)) {
      throw new IllegalArgumentException("detector score must be in [0, 1], got " + detectorScore);
    }
    if (!Double.isNaN(reducerProbability)
        && !(reducerProbability >= 0 && reducerProbability <= 1)) {
      throw new IllegalArgumentException(
          "reducer probability must be in [0, 1], got " + reducerProbability);
    }
    this.detectorScore = detectorScore;
    this.reducerProbability = reducerProbability;
    this.box = Objects.requireNonNull(box, "box");
    this.maskBox = Objects.requireNonNull(maskBox, "maskBox");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
    this.pending = pending;
    if (pending == null) {
      if (maskSize < 1 || maskProbabilities.length != maskSize * maskSize * maskSize) {
        throw new IllegalArgumentException(
            "mask must hold " + maskSize + "^3 values, got " + maskProbabilities.length);
      }
    } else if (maskSize < 1) {
      throw new IllegalArgumentException("mask size must be >= 1, got " + maskSize);
    }
    this.score = score;
    this.maskSize = maskSize;
    this.maskProbabilities = pending == null ? maskProbabilities.clone() : null;
  }

  /** The window whose mask head is still to make this detection's mask; null once it has one. */
  PendingMask pendingMask() {
    return pending;
  }

  /** This detection with the mask the mask head made for it (its mask box unchanged). */
  CropDetection withMask(float[] probabilities) {
    return new CropDetection(
        box,
        maskBox,
        score,
        maskSize,
        probabilities,
        source,
        maskOrigin,
        detectorScore,
        reducerProbability,
        null);
  }

  private float[] mask() {
    if (pending != null) {
      throw new IllegalStateException(
          "the mask of " + this + " is not made yet: the pipeline makes it after ranking");
    }
    return maskProbabilities;
  }

  /** The box. */
  public Box3d box() {
    return box;
  }

  /** The box the mask grid spans (the box, or the box enlarged by the mask context). */
  public Box3d maskBox() {
    return maskBox;
  }

  /** Nodule probability. */
  public double score() {
    return score;
  }

  /** Where the detection came from. */
  public CandidateSource source() {
    return source;
  }

  /** How its mask was made. */
  public MaskOrigin maskOrigin() {
    return maskOrigin;
  }

  /** The score its source gave it (the box head's probability, or the blob score). */
  public double detectorScore() {
    return detectorScore;
  }

  /** The reducer's nodule probability, once a reducer has rescored it. */
  public java.util.OptionalDouble reducerProbability() {
    return Double.isNaN(reducerProbability)
        ? java.util.OptionalDouble.empty()
        : java.util.OptionalDouble.of(reducerProbability);
  }

  /** Mask grid size per axis. */
  public int maskSize() {
    return maskSize;
  }

  /** A copy of the mask probabilities. */
  public float[] maskProbabilities() {
    return mask().clone();
  }

  /**
   * Returns the mask probability at a continuous position (edge convention, same frame as the box)
   * by trilinear interpolation of the mask grid; 0 outside the mask box.
   */
  public double maskAt(double z, double y, double x) {
    mask(); // a mask still to be made is an error wherever it is read
    Box3d b = maskBox;
    if (b.volume() <= 0
        || z < b.z0()
        || z >= b.z1()
        || y < b.y0()
        || y >= b.y1()
        || x < b.x0()
        || x >= b.x1()) {
      return 0;
    }
    double u = (z - b.z0()) / b.depth() * maskSize - 0.5;
    double v = (y - b.y0()) / b.height() * maskSize - 0.5;
    double w = (x - b.x0()) / b.width() * maskSize - 0.5;
    return trilinear(u, v, w);
  }

  private double trilinear(double u, double v, double w) {
    float[] maskProbabilities = mask();
    int m = maskSize;
    u = Math.max(0, Math.min(m - 1, u));
    v = Math.max(0, Math.min(m - 1, v));
    w = Math.max(0, Math.min(m - 1, w));
    int u0 = (int) Math.floor(u);
    int v0 = (int) Math.floor(v);
    int w0 = (int) Math.floor(w);
    int u1 = Math.min(u0 + 1, m - 1);
    int v1 = Math.min(v0 + 1, m - 1);
    int w1 = Math.min(w0 + 1, m - 1);
    double fu = u - u0;
    double fv = v - v0;
    double fw = w - w0;
    double s = 0;
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        for (int c = 0; c < 2; c++) {
          double wt = (a == 0 ? 1 - fu : fu) * (b == 0 ? 1 - fv : fv) * (c == 0 ? 1 - fw : fw);
          s +=
              wt
                  * maskProbabilities[
                      ((a == 0 ? u0 : u1) * m + (b == 0 ? v0 : v1)) * m + (c == 0 ? w0 : w1)];
        }
      }
    }
    return s;
  }

  /**
   * The same detection with another score (for a second stage that rescores it).
   *
   * @throws IllegalArgumentException if the score is outside [0, 1]
   */
  public CropDetection withScore(double newScore) {
    return new CropDetection(
        box,
        maskBox,
        newScore,
        maskSize,
        maskProbabilities,
        source,
        maskOrigin,
        detectorScore,
        reducerProbability,
        pending);
  }

  /**
   * The same detection rescored by a second stage: the reducer's probability and the final score
   * made from it (the source and its score are kept).
   *
   * @throws IllegalArgumentException if either is outside [0, 1]
   */
  public CropDetection rescored(double probability, double finalScore) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "reducer probability must be in [0, 1], got " + probability);
    }
    return new CropDetection(
        box,
        maskBox,
        finalScore,
        maskSize,
        maskProbabilities,
        source,
        maskOrigin,
        detectorScore,
        probability,
        pending);
  }

  /** Returns this detection moved by (dz, dy, dx) voxels (from window to scan coordinates). */
  public CropDetection shift(double dz, double dy, double dx) {
    return new CropDetection(
        box.shift(dz, dy, dx),
        maskBox.shift(dz, dy, dx),
        score,
        maskSize,
        maskProbabilities,
        source,
        maskOrigin,
        detectorScore,
        reducerProbability,
        pending);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CropDetection d
        && d.box.equals(box)
        && d.maskBox.equals(maskBox)
        && d.score == score
        && d.source == source
        && d.maskOrigin == maskOrigin
        && Double.compare(d.detectorScore, detectorScore) == 0
        && Double.compare(d.reducerProbability, reducerProbability) == 0
        && d.pending == pending
        && Arrays.equals(d.maskProbabilities, maskProbabilities);
  }

  @Override
  public int hashCode() {
    return box.hashCode() * 31 + Double.hashCode(score);
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT, "CropDetection[%s, %s, score %.3f]", box, source.id(), score);
  }
}
