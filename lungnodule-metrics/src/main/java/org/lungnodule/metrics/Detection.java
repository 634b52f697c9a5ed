package org.lungnodule.metrics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.RandomCropSampler;

/**
 * Inputs of detection metrics ({@link DetectionEvaluation}, {@link Froc}): candidates and reference
 * nodules per scan, centres in world millimetres (so anisotropic voxels are the caller's to
 * convert, through the volume's geometry), with optional masks for the segmentation scores of hits.
 *
 * <p>Masks may be crops ({@link #labelMasks(Mask)} cuts one per label): a candidate's mask and a
 * nodule's mask need not be on the same grid, only on the same voxel lattice (same spacing and
 * direction, origins a whole number of voxels apart); {@link DetectionEvaluation} pastes the two
 * onto the box that holds both before it scores them.
 */
public final class Detection {

  /** The source of a candidate built without one. */
  public static final String DEFAULT_SOURCE = "detector";

  private Detection() {}

  /**
   * A detection candidate.
   *
   * @param centerMm candidate centre, world mm
   * @param score detector confidence, finite
   * @param source what proposed it (for example {@code "maskrcnn"} or {@code "blob"}), not blank
   * @param mask its mask (non-zero = foreground), if it has one
   */
  public record Candidate(WorldPoint centerMm, double score, String source, Optional<Mask> mask) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the score is NaN or infinite, or the source blank
     */
    public Candidate {
      Objects.requireNonNull(centerMm, "centerMm");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(mask, "mask");
      if (!Double.isFinite(score)) {
        throw new IllegalArgumentException("candidate score must be finite, got " + score);
      }
      if (source.isBlank()) {
        throw new IllegalArgumentException(
            "candidate source must not be blank, got '" + source + "'");
      }
    }

    /** A candidate of {@link #DEFAULT_SOURCE} without a mask. */
    public Candidate(WorldPoint centerMm, double score) {
      this(centerMm, score, DEFAULT_SOURCE, Optional.empty());
    }

    /** A candidate of the given source without a mask. */
    public Candidate(WorldPoint centerMm, double score, String source) {
      this(centerMm, score, source, Optional.empty());
    }

    /** This candidate with a mask. */
    public Candidate withMask(Mask m) {
      return new Candidate(centerMm, score, source, Optional.of(m));
    }

    /** This candidate without its mask. */
    public Candidate withoutMask() {
      return mask.isEmpty() ? this : new Candidate(centerMm, score, source, Optional.empty());
    }
  }

  /**
   * A reference nodule.
   *
   * @param centerMm centre, world mm
   * @param diameterMm diameter in mm, positive
   * @param mask its mask (non-zero = foreground), if it has one
   */
  public record TruthNodule(WorldPoint centerMm, double diameterMm, Optional<Mask> mask) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the diameter is not positive and finite
     */
    public TruthNodule {
      Objects.requireNonNull(centerMm, "centerMm");
      Objects.requireNonNull(mask, "mask");
      if (!(diameterMm > 0) || Double.isInfinite(diameterMm)) {
        throw new IllegalArgumentException(
            "nodule diameter must be positive, got " + diameterMm + " mm");
      }
    }

    /** A reference nodule without a mask. */
    public TruthNodule(WorldPoint centerMm, double diameterMm) {
      this(centerMm, diameterMm, Optional.empty());
    }

    /** The nodule's radius, half its diameter, in mm. */
    public double radiusMm() {
      return diameterMm / 2.0;
    }

    /** This nodule with a mask. */
    public TruthNodule withMask(Mask m) {
      return new TruthNodule(centerMm, diameterMm, Optional.of(m));
    }

    /** The reference nodule of an annotated nodule, without a mask. */
    public static TruthNodule of(Nodule nodule) {
      return new TruthNodule(nodule.centerMm(), nodule.diameterMm());
    }
  }

  /**
   * The candidates and the reference nodules of one scan.
   *
   * @param scanId scan identifier, not blank
   * @param candidates the detector's candidates
   * @param nodules the reference nodules
   */
  public record Scan(String scanId, List<Candidate> candidates, List<TruthNodule> nodules) {
    /**
     * Validates and copies the lists.
     *
     * @throws IllegalArgumentException if the scan id is blank
     */
    public Scan {
      Objects.requireNonNull(scanId, "scanId");
      if (scanId.isBlank()) {
        throw new IllegalArgumentException("scan id must not be blank, got '" + scanId + "'");
      }
      candidates = List.copyOf(candidates);
      nodules = List.copyOf(nodules);
    }
  }

  /**
   * Cuts a label mask into one binary mask per label (1 on the label's voxels), each a crop of the
   * label's bounding box: the candidate or nodule masks of a segmenter's label mask, in memory
   * proportional to the nodules rather than to the scan. One pass over the label mask.
   *
   * @param labels a label mask (0 = background)
   * @return label → its cropped binary mask, for the labels present, by increasing label
   */
  public static Map<Integer, Mask> labelMasks(Mask labels) {
    Dims d = labels.dims();
    int[][] box = new int[256][];
    java.nio.ByteBuffer buf = labels.labels();
    int o = 0;
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++, o++) {
          int l = buf.get(o) & 0xFF;
          if (l == 0) {
            continue;
          }
          int[] b = box[l];
          if (b == null) {
            box[l] = new int[] {i, j, k, i + 1, j + 1, k + 1};
          } else {
            b[0] = Math.min(b[0], i);
            b[1] = Math.min(b[1], j);
            b[2] = Math.min(b[2], k);
            b[3] = Math.max(b[3], i + 1);
            b[4] = Math.max(b[4], j + 1);
            b[5] = Math.max(b[5], k + 1);
          }
        }
      }
    }
    Map<Integer, Mask> out = new TreeMap<>();
    for (int l = 1; l < 256; l++) {
      int[] b = box[l];
      if (b != null) {
        out.put(
            l,
            RandomCropSampler.crop(labels, new VoxelBox(b[0], b[1], b[2], b[3], b[4], b[5]))
                .select(l));
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
