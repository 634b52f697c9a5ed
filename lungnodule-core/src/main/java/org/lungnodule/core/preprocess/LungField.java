package org.lungnodule.core.preprocess;

import java.nio.FloatBuffer;
import java.util.Objects;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.VolumeGeometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the lung field of a chest CT by a classical method, and builds the segmentation
 * network's input with everything outside the lungs set to 170 (the paper's grt123 convention).
 *
 * <pre>{@code
 * LungField lungs = LungField.builder().build();        // the defaults below
 * Mask field = lungs.extract(iso);                       // 1 inside the lungs, 0 outside
 * CtVolume input = lungs.segmentationInput(iso, field);  // grt123 [0, 255], 170 outside
 * }</pre>
 *
 * <h2>Method</h2>
 *
 * <ol>
 *   <li><b>Threshold</b>: voxels below {@code thresholdHu} (default -320 HU) are air-like.
 *   <li><b>Connected components</b> of the air-like voxels, <b>6-connected in 3D</b>.
 *   <li><b>Air outside the body</b> is removed: every component touching one of the four side faces
 *       of the volume ({@code i = 0}, {@code i = nx − 1}, {@code j = 0}, {@code j = ny − 1}). The
 *       first and last slices do not count, as lungs and trachea often reach them.
 *   <li><b>The two largest</b> remaining components are kept (the two lungs, or one component if
 *       they touch through the airways); the second only if it holds at least {@link
 *       #SECOND_COMPONENT_MIN_FRACTION} of the largest, which drops bowel gas and small pockets.
 *   <li><b>Holes</b> are filled slice by slice (vessels, airway walls, nodules inside the lung).
 *   <li><b>Convex hull per slice</b> (on by default, as grt123): each 2D connected part of the
 *       field in an axial slice is replaced by its convex hull, unless the hull is more than {@link
 *       #HULL_MAX_RATIO} times its area (a strongly concave slice is left as it is). This restores
 *       the lung surface under juxtapleural nodules of any size; it also fills the medial (cardiac)
 *       concavity of a lung, so the field is a little larger than the lungs there ({@code
 *       sliceConvexHull(false)} turns it off).
 *   <li><b>Closing</b> by a ball of {@code closingRadiusMm} (default 10 mm; dilation then erosion
 *       through exact Euclidean distance transforms in mm, so anisotropic spacing is honoured): it
 *       smooths the field across slices and fills dents the in-plane hull cannot see (a nodule on
 *       the diaphragm). Holes are filled again afterwards.
 *   <li><b>Dilation</b> by {@code dilationMm} (default 0): an optional safety margin.
 * </ol>
 *
 * If no component qualifies (no lungs in the scan) the mask is empty. Immutable and thread-safe;
 * memory: the byte mask (a quarter of the scan's size), the components as runs along x (small), and
 * a float distance map the size of the lungs' bounding box during the closing.
 *
 * <p>The closing also bridges gaps narrower than about twice its radius between the two lungs (the
 * anterior junction), adding a little mediastinal tissue there; lower {@code closingRadiusMm} if
 * that matters more than nodules on the diaphragm.
 */
public final class LungField {

  private static final Logger LOG = LoggerFactory.getLogger(LungField.class);

  /** Default threshold: voxels below -320 HU are air-like. */
  public static final double DEFAULT_THRESHOLD_HU = -320;

  /** Default radius of the closing that keeps juxtapleural nodules inside: 10 mm. */
  public static final double DEFAULT_CLOSING_RADIUS_MM = 10;

  /** A second component is kept as a lung only if it holds this fraction of the largest. */
  public static final double SECOND_COMPONENT_MIN_FRACTION = 0.1;

  /**
   * A slice's part is replaced by its convex hull only if the hull is at most this times larger.
   */
  public static final double HULL_MAX_RATIO = 1.5;

  /** The value of voxels outside the lung in the segmentation input (soft tissue in grt123). */
  public static final float OUTSIDE_VALUE = 170f;

  private final double thresholdHu;
  private final double closingRadiusMm;
  private final double dilationMm;
  private final boolean sliceConvexHull;

  private LungField(
      double thresholdHu, double closingRadiusMm, double dilationMm, boolean sliceConvexHull) {
    this.thresholdHu = thresholdHu;
    this.closingRadiusMm = closingRadiusMm;
    this.dilationMm = dilationMm;
    this.sliceConvexHull = sliceConvexHull;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the threshold in HU. */
  public double thresholdHu() {
    return thresholdHu;
  }

  /** Returns the closing radius in mm. */
  public double closingRadiusMm() {
    return closingRadiusMm;
  }

  /** Returns whether each slice's parts are replaced by their convex hulls. */
  public boolean sliceConvexHull() {
    return sliceConvexHull;
  }

  /** Returns the final dilation in mm. */
  public double dilationMm() {
    return dilationMm;
  }

  /**
   * Extracts the lung field.
   *
   * @param volume the CT volume in HU (any spacing; 1 mm isotropic is typical)
   * @return a binary mask on the volume's grid, 1 inside the lungs
   */
  public Mask extract(CtVolume volume) {
    Objects.requireNonNull(volume, "volume");
    long t0 = System.nanoTime();
    Dims d = volume.dims();
    byte[] mask = new byte[d.voxelCount()];
    FloatBuffer hu = volume.voxels();
    float thr = (float) thresholdHu;
    int plane = d.sliceSize();
    Parallel.forEach(
        d.nz(),
        k -> {
          float[] row = new float[plane];
          hu.get(k * plane, row, 0, plane);
          int base = k * plane;
          for (int p = 0; p < plane; p++) {
            mask[base + p] = (byte) (row[p] < thr ? 1 : 0);
          }
        });
    Morphology.Components cc = Morphology.components(mask, d);
    int first = -1;
    int second = -1;
    for (int l = 0; l < cc.count(); l++) {
      if (cc.touchesSide()[l]) {
        continue;
      }
      if (first < 0 || cc.sizes()[l] > cc.sizes()[first]) {
        second = first;
        first = l;
      } else if (second < 0 || cc.sizes()[l] > cc.sizes()[second]) {
        second = l;
      }
    }
    if (second >= 0 && cc.sizes()[second] < SECOND_COMPONENT_MIN_FRACTION * cc.sizes()[first]) {
      second = -1;
    }
    int a = first;
    int b = second;
    cc.paint(mask, l -> l == a || l == b);
    if (first < 0) {
      LOG.warn("no lung-like air component found in {}; the lung field is empty", volume);
      return Mask.wrap(volume.geometry(), mask);
    }
    Morphology.fillHolesPerSlice(mask, d);
    if (sliceConvexHull) {
      Morphology.convexHullPerSlice(mask, d, HULL_MAX_RATIO);
    }
    Morphology.closeAndDilate(mask, d, volume.spacing(), closingRadiusMm, 0);
    Morphology.fillHolesPerSlice(mask, d);
    Morphology.closeAndDilate(mask, d, volume.spacing(), 0, dilationMm);
    LOG.debug(
        "lung field of {}: {} components, kept sizes {} and {} voxels, {} ms",
        volume,
        cc.count(),
        cc.sizes()[first],
        second < 0 ? 0 : cc.sizes()[second],
        (System.nanoTime() - t0) / 1_000_000);
    return Mask.wrap(volume.geometry(), mask);
  }

  /**
   * Returns the segmentation network's input: the grt123 mapping ({@link Intensity#grt123()}, HU
   * [-1200, 600] to [0, 255]) inside the lung field and {@link #OUTSIDE_VALUE} (170) outside it.
   * The result's voxels are no longer HU.
   *
   * @param volume the CT volume in HU
   * @param lungField a mask on the same grid (from {@link #extract})
   * @throws IllegalArgumentException if the mask is on another grid (both are named)
   */
  public static CtVolume segmentationInput(CtVolume volume, Mask lungField) {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(lungField, "lungField");
    VolumeGeometry g = volume.geometry();
    if (!g.sameGrid(lungField.geometry(), 1e-6)) {
      throw new IllegalArgumentException(
          "lung field must be on the volume's grid, got mask "
              + lungField.dims()
              + " at "
              + lungField.geometry().spacing()
              + " origin "
              + lungField.geometry().origin()
              + " for volume "
              + g.dims()
              + " at "
              + g.spacing()
              + " origin "
              + g.origin());
    }
    Intensity grt = Intensity.grt123();
    FloatBuffer hu = volume.voxels();
    java.nio.ByteBuffer inside = lungField.labels();
    Dims d = g.dims();
    int plane = d.sliceSize();
    float[] out = new float[d.voxelCount()];
    Parallel.forEach(
        d.nz(),
        k -> {
          int base = k * plane;
          hu.get(base, out, base, plane);
          for (int p = base; p < base + plane; p++) {
            out[p] = inside.get(p) != 0 ? grt.apply(out[p]) : OUTSIDE_VALUE;
          }
        });
    return CtVolume.wrap(g, out);
  }

  /** Extracts the lung field and returns {@link #segmentationInput(CtVolume, Mask)}. */
  public CtVolume segmentationInput(CtVolume volume) {
    return segmentationInput(volume, extract(volume));
  }

  @Override
  public String toString() {
    return "LungField[thresholdHu="
        + thresholdHu
        + ", connectivity=6 (3D), closingRadiusMm="
        + closingRadiusMm
        + ", sliceConvexHull="
        + sliceConvexHull
        + ", dilationMm="
        + dilationMm
        + "]";
  }

  /** Builds a {@link LungField}. Not thread-safe; reusable after {@link #build()}. */
  public static final class Builder {
    private Double thresholdHu;
    private Double closingRadiusMm;
    private Double dilationMm;
    private Boolean sliceConvexHull;

    private Builder() {}

    /**
     * Sets whether each slice's parts are replaced by their convex hulls (default true).
     *
     * @throws IllegalStateException if already set
     */
    public Builder sliceConvexHull(boolean on) {
      if (sliceConvexHull != null) {
        throw new IllegalStateException("sliceConvexHull was already set to " + sliceConvexHull);
      }
      sliceConvexHull = on;
      return this;
    }

    /**
     * Sets the air threshold (default -320 HU): voxels strictly below it are air-like.
     *
     * @throws IllegalArgumentException if not finite or outside [-1000, 0] HU
     * @throws IllegalStateException if already set
     */
    public Builder thresholdHu(double hu) {
      if (thresholdHu != null) {
        throw new IllegalStateException("thresholdHu was already set to " + thresholdHu + " HU");
      }
      if (!(hu >= -1000 && hu <= 0)) {
        throw new IllegalArgumentException(
            "thresholdHu must be in [-1000, 0] HU, got " + hu + " HU");
      }
      thresholdHu = hu;
      return this;
    }

    /**
     * Sets the closing radius (default 10 mm; 0 disables the closing).
     *
     * @throws IllegalArgumentException if negative, NaN or above 50 mm
     * @throws IllegalStateException if already set
     */
    public Builder closingRadiusMm(double mm) {
      if (closingRadiusMm != null) {
        throw new IllegalStateException(
            "closingRadiusMm was already set to " + closingRadiusMm + " mm");
      }
      closingRadiusMm = checkRadius("closingRadiusMm", mm);
      return this;
    }

    /**
     * Sets the final dilation (default 0 mm).
     *
     * @throws IllegalArgumentException if negative, NaN or above 50 mm
     * @throws IllegalStateException if already set
     */
    public Builder dilationMm(double mm) {
      if (dilationMm != null) {
        throw new IllegalStateException("dilationMm was already set to " + dilationMm + " mm");
      }
      dilationMm = checkRadius("dilationMm", mm);
      return this;
    }

    private static double checkRadius(String name, double mm) {
      if (!(mm >= 0 && mm <= 50)) {
        throw new IllegalArgumentException(name + " must be in [0, 50] mm, got " + mm + " mm");
      }
      return mm;
    }

    /** Builds the extractor. */
    public LungField build() {
      return new LungField(
          thresholdHu == null ? DEFAULT_THRESHOLD_HU : thresholdHu,
          closingRadiusMm == null ? DEFAULT_CLOSING_RADIUS_MM : closingRadiusMm,
          dilationMm == null ? 0 : dilationMm,
          sliceConvexHull == null || sliceConvexHull);
    }
  }
}
