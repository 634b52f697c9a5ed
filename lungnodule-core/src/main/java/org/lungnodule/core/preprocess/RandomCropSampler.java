package org.lungnodule.core.preprocess;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelIndex;
import org.lungnodule.core.WorldPoint;

/**
 * Samples random training crops (default 128³, the paper's) with a set chance to contain a nodule.
 *
 * <pre>{@code
 * RandomCropSampler crops = RandomCropSampler.builder().noduleProbability(0.7).seed(7).build();
 * CtVolume input = LungField.builder().build().segmentationInput(iso);   // 170 outside the lungs
 * Crop c = crops.sample(input, Optional.of(noduleMask), centresMm, sampleIndex);
 * }</pre>
 *
 * <h2>How a crop is chosen</h2>
 *
 * With probability {@code noduleProbability} (and if a nodule centre lies inside the volume) a
 * nodule crop: one of the centres inside the volume is chosen uniformly and the box is placed so
 * that the centre's voxel lies at a uniformly random position at least {@code size/8} voxels from
 * every face of the box. Otherwise a uniform crop: the box start is uniform over the positions that
 * keep the box inside the volume (or, along an axis where the volume is smaller than the box,
 * uniform over the positions where the box covers the whole axis). A uniform crop may contain a
 * nodule by chance; {@link Crop#containsNodule()} tells.
 *
 * <h2>Padding</h2>
 *
 * Where the box reaches outside the volume the image is padded with {@code padValue} (default
 * {@link #DEFAULT_PAD_VALUE} = 170, the value outside the lungs in the grt123-mapped segmentation
 * input; use -1000 for HU images) and the mask with 0. With padding disabled, boxes are kept inside
 * the volume and a crop larger than the volume is an error.
 *
 * <h2>Reproducibility</h2>
 *
 * The seed is required; each call takes a sample index, and the same seed and index always give the
 * same crop, from any thread. Immutable and thread-safe.
 */
public final class RandomCropSampler {

  /** The default crop size along each axis: 128 voxels. */
  public static final int DEFAULT_SIZE = 128;

  /** The default pad value: 170, soft tissue in the grt123 mapping (the paper's outside value). */
  public static final float DEFAULT_PAD_VALUE = LungField.OUTSIDE_VALUE;

  /** The default chance that a crop is centred on a nodule: 0.5. */
  public static final double DEFAULT_NODULE_PROBABILITY = 0.5;

  private final int[] size;
  private final double noduleProbability;
  private final float padValue;
  private final boolean padding;
  private final long seed;

  private RandomCropSampler(
      int[] size, double noduleProbability, float padValue, boolean padding, long seed) {
    this.size = size;
    this.noduleProbability = noduleProbability;
    this.padValue = padValue;
    this.padding = padding;
    this.seed = seed;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the crop size {@code {x, y, z}} in voxels. */
  public int[] size() {
    return size.clone();
  }

  /** Returns the chance of a nodule crop. */
  public double noduleProbability() {
    return noduleProbability;
  }

  /** Returns the image pad value. */
  public float padValue() {
    return padValue;
  }

  /** Returns whether boxes may reach outside the volume (padded). */
  public boolean padding() {
    return padding;
  }

  /** Returns the seed. */
  public long seed() {
    return seed;
  }

  /**
   * Chooses the box of sample {@code index} on a grid.
   *
   * @param geometry the volume's grid
   * @param noduleCentersMm nodule centres in world mm (may be empty; centres outside the grid are
   *     ignored)
   * @param index the sample index (any value; same index, same box)
   * @return the box, half-open, of the configured size
   * @throws IllegalArgumentException if padding is disabled and the crop is larger than the volume
   */
  public VoxelBox sampleBox(VolumeGeometry geometry, List<WorldPoint> noduleCentersMm, long index) {
    Objects.requireNonNull(geometry, "geometry");
    Dims d = geometry.dims();
    int[] n = d.toArray();
    if (!padding && (n[0] < size[0] || n[1] < size[1] || n[2] < size[2])) {
      throw new IllegalArgumentException(
          "crop "
              + size[0]
              + "x"
              + size[1]
              + "x"
              + size[2]
              + " is larger than the volume "
              + d
              + " and padding is disabled");
    }
    List<VoxelIndex> inside = centresInside(geometry, noduleCentersMm);
    SplittableRandom rnd = Seeds.stream(seed, index);
    boolean nodule = rnd.nextDouble() < noduleProbability && !inside.isEmpty();
    int[] start = new int[3];
    if (nodule) {
      VoxelIndex c = inside.get(rnd.nextInt(inside.size()));
      int[] ci = {c.i(), c.j(), c.k()};
      for (int a = 0; a < 3; a++) {
        int margin = Math.min(size[a] / 8, (size[a] - 1) / 2);
        int offset = margin + rnd.nextInt(size[a] - 2 * margin);
        start[a] = ci[a] - offset;
        if (!padding) {
          start[a] = Math.max(0, Math.min(n[a] - size[a], start[a]));
        }
      }
    } else {
      for (int a = 0; a < 3; a++) {
        int lo = Math.min(0, n[a] - size[a]);
        int hi = Math.max(0, n[a] - size[a]);
        start[a] = lo + rnd.nextInt(hi - lo + 1);
      }
    }
    return VoxelBox.ofSize(start[0], start[1], start[2], size[0], size[1], size[2]);
  }

  /**
   * Samples crop {@code index}: chooses its box ({@link #sampleBox}) and cuts image and mask.
   *
   * @param image the image (HU, or the mapped segmentation input)
   * @param mask a mask on the image's grid to crop identically, or empty
   * @param noduleCentersMm nodule centres in world mm
   * @param index the sample index
   * @return the crop
   * @throws IllegalArgumentException if the mask is on another grid, or padding is disabled and the
   *     crop is larger than the volume
   */
  public Crop sample(
      CtVolume image, Optional<Mask> mask, List<WorldPoint> noduleCentersMm, long index) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(mask, "mask");
    if (mask.isPresent() && !mask.get().geometry().sameGrid(image.geometry(), 1e-6)) {
      throw new IllegalArgumentException(
          "mask must be on the image's grid, got "
              + mask.get().dims()
              + " for image "
              + image.dims());
    }
    VoxelBox box = sampleBox(image.geometry(), noduleCentersMm, index);
    boolean hit = false;
    for (VoxelIndex c : centresInside(image.geometry(), noduleCentersMm)) {
      hit |= box.contains(c.i(), c.j(), c.k());
    }
    return new Crop(box, crop(image, box, padValue), mask.map(m -> crop(m, box)), hit);
  }

  /** Samples {@code count} crops with indices {@code 0 .. count − 1}. */
  public List<Crop> sample(
      CtVolume image, Optional<Mask> mask, List<WorldPoint> noduleCentersMm, int count) {
    List<Crop> out = new ArrayList<>(count);
    for (int s = 0; s < count; s++) {
      out.add(sample(image, mask, noduleCentersMm, (long) s));
    }
    return List.copyOf(out);
  }

  private static List<VoxelIndex> centresInside(VolumeGeometry g, List<WorldPoint> centres) {
    Objects.requireNonNull(centres, "noduleCentersMm");
    List<VoxelIndex> inside = new ArrayList<>();
    for (WorldPoint p : centres) {
      VoxelIndex v = g.worldToVoxel(p).round();
      if (g.dims().contains(v.i(), v.j(), v.k())) {
        inside.add(v);
      }
    }
    return inside;
  }

  /**
   * Cuts a box out of an image; voxels outside the volume get {@code padValue}. The result's origin
   * is the world position of the box's first voxel (same spacing and direction).
   *
   * @throws IllegalArgumentException if the box is empty or {@code padValue} is not finite
   */
  public static CtVolume crop(CtVolume image, VoxelBox box, float padValue) {
    if (!Float.isFinite(padValue)) {
      throw new IllegalArgumentException("padValue must be finite, got " + padValue);
    }
    VolumeGeometry g = cropGeometry(image.geometry(), box);
    Dims src = image.dims();
    Dims dst = g.dims();
    FloatBuffer in = image.voxels();
    float[] out = new float[dst.voxelCount()];
    Parallel.forEach(
        dst.nz(),
        z -> {
          int k = box.minK() + z;
          for (int y = 0; y < dst.ny(); y++) {
            int j = box.minJ() + y;
            int o = dst.index(0, y, z);
            if (k < 0 || k >= src.nz() || j < 0 || j >= src.ny()) {
              java.util.Arrays.fill(out, o, o + dst.nx(), padValue);
              continue;
            }
            int i0 = Math.max(0, box.minI());
            int i1 = Math.min(src.nx(), box.maxI());
            java.util.Arrays.fill(out, o, o + dst.nx(), padValue);
            if (i1 > i0) {
              in.get(src.index(i0, j, k), out, o + (i0 - box.minI()), i1 - i0);
            }
          }
        });
    return CtVolume.wrap(g, out);
  }

  /**
   * Cuts a box out of a mask; voxels outside the volume get label 0.
   *
   * @throws IllegalArgumentException if the box is empty
   */
  public static Mask crop(Mask mask, VoxelBox box) {
    VolumeGeometry g = cropGeometry(mask.geometry(), box);
    Dims src = mask.dims();
    Dims dst = g.dims();
    ByteBuffer in = mask.labels();
    byte[] out = new byte[dst.voxelCount()];
    Parallel.forEach(
        dst.nz(),
        z -> {
          int k = box.minK() + z;
          for (int y = 0; y < dst.ny(); y++) {
            int j = box.minJ() + y;
            if (k < 0 || k >= src.nz() || j < 0 || j >= src.ny()) {
              continue;
            }
            int i0 = Math.max(0, box.minI());
            int i1 = Math.min(src.nx(), box.maxI());
            if (i1 > i0) {
              in.get(src.index(i0, j, k), out, dst.index(i0 - box.minI(), y, z), i1 - i0);
            }
          }
        });
    return Mask.wrap(g, out);
  }

  private static VolumeGeometry cropGeometry(VolumeGeometry g, VoxelBox box) {
    return g.crop(box);
  }

  @Override
  public String toString() {
    return "RandomCropSampler[size="
        + size[0]
        + "x"
        + size[1]
        + "x"
        + size[2]
        + ", noduleProbability="
        + noduleProbability
        + ", padding="
        + (padding ? String.valueOf(padValue) : "off")
        + ", seed="
        + seed
        + "]";
  }

  /** Builds a {@link RandomCropSampler}. Not thread-safe; reusable after {@link #build()}. */
  public static final class Builder {
    private int[] size;
    private Double noduleProbability;
    private Float padValue;
    private Boolean padding;
    private Long seed;

    private Builder() {}

    /**
     * Sets the crop size in voxels along x, y and z (default 128 each).
     *
     * @throws IllegalArgumentException if a size is below 1 or above 1024
     * @throws IllegalStateException if already set
     */
    public Builder size(int x, int y, int z) {
      if (size != null) {
        throw new IllegalStateException(
            "size was already set to " + size[0] + "x" + size[1] + "x" + size[2]);
      }
      if (x < 1 || y < 1 || z < 1 || x > 1024 || y > 1024 || z > 1024) {
        throw new IllegalArgumentException(
            "crop size must be in [1, 1024] per axis, got " + x + "x" + y + "x" + z);
      }
      size = new int[] {x, y, z};
      return this;
    }

    /** Sets a cubic crop size; see {@link #size(int, int, int)}. */
    public Builder size(int side) {
      return size(side, side, side);
    }

    /**
     * Sets the chance that a crop is centred on a nodule (default 0.5).
     *
     * @throws IllegalArgumentException if outside [0, 1] or NaN
     * @throws IllegalStateException if already set
     */
    public Builder noduleProbability(double p) {
      if (noduleProbability != null) {
        throw new IllegalStateException(
            "noduleProbability was already set to " + noduleProbability);
      }
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("noduleProbability must be in [0, 1], got " + p);
      }
      noduleProbability = p;
      return this;
    }

    /**
     * Sets the image value outside the volume (default 170).
     *
     * @throws IllegalArgumentException if NaN or infinite
     * @throws IllegalStateException if already set
     */
    public Builder padValue(float value) {
      if (padValue != null) {
        throw new IllegalStateException("padValue was already set to " + padValue);
      }
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("padValue must be finite, got " + value);
      }
      padValue = value;
      return this;
    }

    /**
     * Sets whether boxes may reach outside the volume and be padded (default true).
     *
     * @throws IllegalStateException if already set
     */
    public Builder padding(boolean on) {
      if (padding != null) {
        throw new IllegalStateException("padding was already set to " + padding);
      }
      padding = on;
      return this;
    }

    /**
     * Sets the seed (required).
     *
     * @throws IllegalStateException if already set
     */
    public Builder seed(long seed) {
      if (this.seed != null) {
        throw new IllegalStateException("seed was already set to " + this.seed);
      }
      this.seed = seed;
      return this;
    }

    /**
     * Builds the sampler.
     *
     * @throws IllegalStateException if no seed was set
     */
    public RandomCropSampler build() {
      if (seed == null) {
        throw new IllegalStateException(
            "a seed must be set: RandomCropSampler.builder().seed(...)");
      }
      return new RandomCropSampler(
          size == null ? new int[] {DEFAULT_SIZE, DEFAULT_SIZE, DEFAULT_SIZE} : size.clone(),
          noduleProbability == null ? DEFAULT_NODULE_PROBABILITY : noduleProbability,
          padValue == null ? DEFAULT_PAD_VALUE : padValue,
          padding == null || padding,
          seed);
    }
  }
}
