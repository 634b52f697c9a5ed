package org.lungnodule.core.preprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.lungnodule.core.Dims;

/**
 * Seeded random flips and 90° rotations, applied identically to an image and its mask (or to every
 * channel of a {@link NoduleCube}).
 *
 * <pre>{@code
 * RandomFlipRotate aug = RandomFlipRotate.builder().seed(7).build();
 * AxisTransform t = aug.draw(crop.image().dims(), sampleIndex);
 * CtVolume image = t.apply(crop.image());
 * Mask mask = t.apply(crop.mask().orElseThrow());         // same transform: stays aligned
 * NoduleCube cube = aug.apply(noduleCube, sampleIndex);    // in-plane only for 32x64x64
 * }</pre>
 *
 * Each draw picks (if rotations are on) a uniformly random permutation of the axes among those that
 * keep the shape — only axes of equal size are swapped, so a 128³ crop may be turned about any axis
 * and a 32×64×64 cube only in-plane (x ↔ y) — and then flips each axis independently with
 * probability {@code flipProbability} (default 0.5). Swaps combined with flips give all 90°
 * rotations (and their mirror images) that preserve the shape. The seed is required; the same seed
 * and sample index always give the same transform. Immutable and thread-safe.
 */
public final class RandomFlipRotate {

  private static final int[][] PERMUTATIONS = {
    {0, 1, 2}, {1, 0, 2}, {0, 2, 1}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1}
  };

  private final double flipProbability;
  private final boolean rotations;
  private final long seed;

  private RandomFlipRotate(double flipProbability, boolean rotations, long seed) {
    this.flipProbability = flipProbability;
    this.rotations = rotations;
    this.seed = seed;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the per-axis flip probability. */
  public double flipProbability() {
    return flipProbability;
  }

  /** Returns whether axes of equal size may be swapped (rotations). */
  public boolean rotations() {
    return rotations;
  }

  /**
   * Draws the transform of sample {@code index} for a grid of shape {@code dims}.
   *
   * @return a transform that keeps {@code dims}
   */
  public AxisTransform draw(Dims dims, long index) {
    SplittableRandom rnd = Seeds.stream(seed, index);
    int[] n = dims.toArray();
    int[] perm = PERMUTATIONS[0];
    if (rotations) {
      List<int[]> allowed = new ArrayList<>();
      for (int[] p : PERMUTATIONS) {
        if (n[p[0]] == n[0] && n[p[1]] == n[1] && n[p[2]] == n[2]) {
          allowed.add(p);
        }
      }
      perm = allowed.get(rnd.nextInt(allowed.size()));
    }
    boolean fx = rnd.nextDouble() < flipProbability;
    boolean fy = rnd.nextDouble() < flipProbability;
    boolean fz = rnd.nextDouble() < flipProbability;
    return new AxisTransform(perm[0], perm[1], perm[2], fx, fy, fz);
  }

  /** Draws the transform of sample {@code index} for a cube's shape and applies it. */
  public NoduleCube apply(NoduleCube cube, long index) {
    return draw(new Dims(cube.width(), cube.height(), cube.depth()), index).apply(cube);
  }

  @Override
  public String toString() {
    return "RandomFlipRotate[flipProbability="
        + flipProbability
        + ", rotations="
        + rotations
        + ", seed="
        + seed
        + "]";
  }

  /** Builds a {@link RandomFlipRotate}. Not thread-safe; reusable after {@link #build()}. */
  public static final class Builder {
    private Double flipProbability;
    private Boolean rotations;
    private Long seed;

    private Builder() {}

    /**
     * Sets the chance to flip each axis (default 0.5).
     *
     * @throws IllegalArgumentException if outside [0, 1] or NaN
     * @throws IllegalStateException if already set
     */
    public Builder flipProbability(double p) {
      if (flipProbability != null) {
        throw new IllegalStateException("flipProbability was already set to " + flipProbability);
      }
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("flipProbability must be in [0, 1], got " + p);
      }
      flipProbability = p;
      return this;
    }

    /**
     * Sets whether axes of equal size may be swapped (default true).
     *
     * @throws IllegalStateException if already set
     */
    public Builder rotations(boolean on) {
      if (rotations != null) {
        throw new IllegalStateException("rotations was already set to " + rotations);
      }
      rotations = on;
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
     * Builds the augmenter.
     *
     * @throws IllegalStateException if no seed was set
     */
    public RandomFlipRotate build() {
      if (seed == null) {
        throw new IllegalStateException("a seed must be set: RandomFlipRotate.builder().seed(...)");
      }
      return new RandomFlipRotate(
          flipProbability == null ? 0.5 : flipProbability, rotations == null || rotations, seed);
    }
  }
}
