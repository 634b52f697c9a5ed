package org.lungnodule.core.preprocess;

import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Parallel;

/**
 * An intensity mapping: HU clipped to a window and, optionally, rescaled linearly to an output
 * range.
 *
 * <pre>{@code
 * Intensity lung = Intensity.builder().window(-600, 1500).build();            // clip only, HU
 * Intensity unit = Intensity.builder().clip(-1000, 400).rescale(0, 1).build(); // [0, 1]
 * CtVolume mapped = Intensity.grt123().apply(ct);                             // [0, 255]
 * }</pre>
 *
 * The grt123 mapping ({@link #grt123()}) clips HU to [-1200, 600] and maps that range linearly onto
 * [0, 255], so -1200 HU → 0, 0 HU → 170, 600 HU → 255. Unlike grt123's code, values are kept as
 * floats (no truncation to {@code uint8}). Immutable and thread-safe.
 */
public final class Intensity {

  private static final Intensity GRT123 = builder().window(HuWindow.WIDE).rescale(0, 255).build();

  private final HuWindow window;
  private final double outLow;
  private final double outHigh;
  private final boolean rescaled;

  private Intensity(HuWindow window, double outLow, double outHigh, boolean rescaled) {
    this.window = window;
    this.outLow = outLow;
    this.outHigh = outHigh;
    this.rescaled = rescaled;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the grt123 mapping: clip to [-1200, 600] HU, then linear onto [0, 255]. */
  public static Intensity grt123() {
    return GRT123;
  }

  /** Returns the clipping window. */
  public HuWindow window() {
    return window;
  }

  /** Returns the output range {@code [low, high]}, if the values are rescaled. */
  public Optional<double[]> outputRange() {
    return rescaled ? Optional.of(new double[] {outLow, outHigh}) : Optional.empty();
  }

  /** Maps one HU value. */
  public float apply(float hu) {
    double c = Math.min(window.highHu(), Math.max(window.lowHu(), hu));
    if (!rescaled) {
      return (float) c;
    }
    return (float) (outLow + (c - window.lowHu()) * (outHigh - outLow) / window.widthHu());
  }

  /**
   * Maps every voxel of a volume.
   *
   * @return a new volume on the same grid (its values are HU only if not rescaled)
   */
  public CtVolume apply(CtVolume volume) {
    Objects.requireNonNull(volume, "volume");
    Dims d = volume.dims();
    FloatBuffer in = volume.voxels();
    float[] out = new float[d.voxelCount()];
    int plane = d.sliceSize();
    Parallel.forEach(
        d.nz(),
        k -> {
          int base = k * plane;
          in.get(base, out, base, plane);
          for (int p = base; p < base + plane; p++) {
            out[p] = apply(out[p]);
          }
        });
    return CtVolume.wrap(volume.geometry(), out);
  }

  @Override
  public String toString() {
    return "Intensity[clip "
        + window
        + (rescaled ? " -> [" + outLow + ", " + outHigh + "]" : "")
        + "]";
  }

  /** Builds an {@link Intensity}. Not thread-safe; reusable after {@link #build()}. */
  public static final class Builder {
    private HuWindow window;
    private double outLow;
    private double outHigh;
    private boolean rescaled;

    private Builder() {}

    /**
     * Sets the clipping window.
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if a window was already set (by any of the window setters)
     */
    public Builder window(HuWindow window) {
      Objects.requireNonNull(window, "window");
      if (this.window != null) {
        throw new IllegalStateException("window was already set to " + this.window);
      }
      this.window = window;
      return this;
    }

    /**
     * Sets the clipping window by centre (level) and width in HU.
     *
     * @throws IllegalArgumentException if the width is not positive or a value not finite
     * @throws IllegalStateException if a window was already set
     */
    public Builder window(double centerHu, double widthHu) {
      return window(HuWindow.ofCenterWidth(centerHu, widthHu));
    }

    /**
     * Sets the clipping window by its bounds in HU.
     *
     * @throws IllegalArgumentException if {@code highHu <= lowHu} or a bound is not finite
     * @throws IllegalStateException if a window was already set
     */
    public Builder clip(double lowHu, double highHu) {
      return window(new HuWindow(lowHu, highHu));
    }

    /**
     * Maps the window linearly onto {@code [low, high]} (default: no rescaling, values stay HU).
     *
     * @throws IllegalArgumentException if a bound is not finite or {@code high <= low}
     * @throws IllegalStateException if already set
     */
    public Builder rescale(double low, double high) {
      if (rescaled) {
        throw new IllegalStateException(
            "rescale was already set to [" + outLow + ", " + outHigh + "]");
      }
      if (!Double.isFinite(low) || !Double.isFinite(high) || !(high > low)) {
        throw new IllegalArgumentException(
            "rescale range must be finite with high above low, got [" + low + ", " + high + "]");
      }
      outLow = low;
      outHigh = high;
      rescaled = true;
      return this;
    }

    /**
     * Builds the mapping.
     *
     * @throws IllegalStateException if no window was set
     */
    public Intensity build() {
      if (window == null) {
        throw new IllegalStateException("a window must be set with clip(...) or window(...)");
      }
      return new Intensity(window, outLow, outHigh, rescaled);
    }
  }
}
