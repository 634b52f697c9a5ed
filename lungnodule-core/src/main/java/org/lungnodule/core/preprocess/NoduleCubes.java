package org.lungnodule.core.preprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelIndex;
import org.lungnodule.core.WorldPoint;

/**
 * Cuts the classifier's input cube around a nodule: by default 32 (z) × 64 (y) × 64 (x) voxels and
 * three channels, one per HU window.
 *
 * <pre>{@code
 * CtVolume iso = Resampler.isotropic(1.0).resample(ct);
 * NoduleCube cube = NoduleCubes.defaults().extract(iso, nodule.centerMm());   // {3, 32, 64, 64}
 * INDArray x = Nd4j.create(cube.data(), cube.shape());                        // in lungnodule-models
 * }</pre>
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li>The cube is cut on the volume's own grid, without interpolation: resample to 1 mm isotropic
 *       first (the paper's input). The world point is rounded to its nearest voxel {@code c}, which
 *       becomes cube voxel {@code (depth/2, height/2, width/2)}; the cube covers voxels {@code [c −
 *       size/2, c − size/2 + size)} along each axis (see {@link #boxAround}).
 *   <li>Default channels ({@link #DEFAULT_WINDOWS}): channel 0 the lung window [-1000, 400] HU,
 *       channel 1 the mediastinal window [-160, 240] HU, channel 2 the wide grt123 window [-1200,
 *       600] HU; each clips HU to its window and scales it linearly to [0, 1].
 *   <li>Voxels outside the volume are padded with {@link #DEFAULT_PAD_HU} = -1000 HU (air) before
 *       windowing: 0 in the lung and mediastinal channels, 1/9 in the wide one.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class NoduleCubes {

  /** The default windows: lung, mediastinal, wide (channels 0, 1, 2). */
  public static final List<HuWindow> DEFAULT_WINDOWS =
      List.of(HuWindow.LUNG, HuWindow.MEDIASTINAL, HuWindow.WIDE);

  /** The default pad value for voxels outside the volume: -1000 HU (air), before windowing. */
  public static final float DEFAULT_PAD_HU = -1000f;

  /** Default size along z. */
  public static final int DEFAULT_DEPTH = 32;

  /** Default size along y and x. */
  public static final int DEFAULT_SIDE = 64;

  private static final NoduleCubes DEFAULTS = builder().build();

  private final int depth;
  private final int height;
  private final int width;
  private final List<HuWindow> windows;
  private final float padHu;

  private NoduleCubes(int depth, int height, int width, List<HuWindow> windows, float padHu) {
    this.depth = depth;
    this.height = height;
    this.width = width;
    this.windows = windows;
    this.padHu = padHu;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the paper's cubes: 32×64×64, the three default windows, padded with -1000 HU. */
  public static NoduleCubes defaults() {
    return DEFAULTS;
  }

  /** Returns the cube shape {@code {channels, depth, height, width}}. */
  public int[] shape() {
    return new int[] {windows.size(), depth, height, width};
  }

  /** Returns the windows, one per channel. */
  public List<HuWindow> windows() {
    return windows;
  }

  /** Returns the pad value in HU. */
  public float padHu() {
    return padHu;
  }

  /**
   * Returns the voxel box a cube centred on {@code centerMm} covers on {@code geometry} (it may
   * reach outside the grid; those voxels are padded).
   */
  public VoxelBox boxAround(VolumeGeometry geometry, WorldPoint centerMm) {
    VoxelIndex c = geometry.worldToVoxel(centerMm).round();
    return VoxelBox.ofSize(
        c.i() - width / 2, c.j() - height / 2, c.k() - depth / 2, width, height, depth);
  }

  /**
   * Extracts the cube centred on a world point.
   *
   * @param volume the volume, ideally 1 mm isotropic
   * @param centerMm the nodule centre in world mm; it may lie near or outside the border (padding)
   * @return the cube, shape {@link #shape()}
   */
  public NoduleCube extract(CtVolume volume, WorldPoint centerMm) {
    return NoduleCube.wrap(
        windows.size(), depth, height, width, windowValues(extractHu(volume, centerMm)));
  }

  /**
   * Extracts the cube centred on a world point in HU, before windowing: one channel, {@code
   * [z][y][x]} (x fastest), voxels outside the volume at {@link #padHu()}. {@link
   * #windowValues(float[])} of it equals {@link #extract}'s values exactly; keeping this instead of
   * the windowed cube stores a third of the values of the default three windows.
   *
   * @param volume the volume, ideally 1 mm isotropic
   * @param centerMm the nodule centre in world mm; it may lie near or outside the border (padding)
   * @return {@code depth × height × width} HU values
   */
  public float[] extractHu(CtVolume volume, WorldPoint centerMm) {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(centerMm, "centerMm");
    VoxelBox box = boxAround(volume.geometry(), centerMm);
    Dims d = volume.dims();
    float[] hu = new float[depth * height * width];
    int plane = height * width;
    Parallel.forEach(
        depth,
        z -> {
          int k = box.minK() + z;
          for (int y = 0; y < height; y++) {
            int j = box.minJ() + y;
            for (int x = 0; x < width; x++) {
              int i = box.minI() + x;
              hu[z * plane + y * width + x] = d.contains(i, j, k) ? volume.get(i, j, k) : padHu;
            }
          }
        });
    return hu;
  }

  /**
   * Windows an HU cube of this shape ({@link #extractHu}) into the channel-major values of {@link
   * #extract}: channel c is window c's {@link HuWindow#scale01} of each voxel.
   *
   * @param hu {@code depth × height × width} HU values, {@code [z][y][x]}
   * @return a new array of {@code channels × depth × height × width} values, {@code [c][z][y][x]}
   * @throws IllegalArgumentException if the length does not match the shape
   */
  public float[] windowValues(float[] hu) {
    Objects.requireNonNull(hu, "hu");
    int channelSize = depth * height * width;
    if (hu.length != channelSize) {
      throw new IllegalArgumentException(
          "hu cube must hold "
              + depth
              + "x"
              + height
              + "x"
              + width
              + " = "
              + channelSize
              + " values, got "
              + hu.length);
    }
    int channels = windows.size();
    float[] data = new float[channels * channelSize];
    for (int c = 0; c < channels; c++) {
      HuWindow w = windows.get(c);
      int base = c * channelSize;
      for (int v = 0; v < channelSize; v++) {
        data[base + v] = w.scale01(hu[v]);
      }
    }
    return data;
  }

  /** Extracts one cube per centre, in order. */
  public List<NoduleCube> extractAll(CtVolume volume, List<WorldPoint> centersMm) {
    List<NoduleCube> out = new ArrayList<>(centersMm.size());
    for (WorldPoint p : centersMm) {
      out.add(extract(volume, p));
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "NoduleCubes[shape="
        + windows.size()
        + "x"
        + depth
        + "x"
        + height
        + "x"
        + width
        + " (c,z,y,x), windows="
        + windows
        + ", padHu="
        + padHu
        + "]";
  }

  /** Builds {@link NoduleCubes}. Not thread-safe; reusable after {@link #build()}. */
  public static final class Builder {
    private int depth;
    private int height;
    private int width;
    private List<HuWindow> windows;
    private Float padHu;

    private Builder() {}

    /**
     * Sets the cube size in voxels along z, y and x (default 32, 64, 64).
     *
     * @throws IllegalArgumentException if a size is below 1 or above 1024
     * @throws IllegalStateException if the size was already set
     */
    public Builder size(int depth, int height, int width) {
      if (this.depth != 0) {
        throw new IllegalStateException(
            "size was already set to "
                + this.depth
                + "x"
                + this.height
                + "x"
                + this.width
                + " (z,y,x)");
      }
      for (int s : new int[] {depth, height, width}) {
        if (s < 1 || s > 1024) {
          throw new IllegalArgumentException(
              "cube size must be in [1, 1024] voxels per axis, got "
                  + depth
                  + "x"
                  + height
                  + "x"
                  + width
                  + " (z,y,x)");
        }
      }
      this.depth = depth;
      this.height = height;
      this.width = width;
      return this;
    }

    /**
     * Sets the HU windows, one channel each (default {@link #DEFAULT_WINDOWS}).
     *
     * @throws IllegalArgumentException if the list is empty
     * @throws NullPointerException if the list or an element is null
     * @throws IllegalStateException if the windows were already set
     */
    public Builder windows(List<HuWindow> windows) {
      List<HuWindow> copy = List.copyOf(windows);
      if (this.windows != null) {
        throw new IllegalStateException("windows were already set to " + this.windows);
      }
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("windows must hold at least one window, got []");
      }
      this.windows = copy;
      return this;
    }

    /** Sets the HU windows, one channel each; see {@link #windows(List)}. */
    public Builder windows(HuWindow... windows) {
      return windows(List.of(windows));
    }

    /**
     * Sets the HU value for voxels outside the volume (default -1000).
     *
     * @throws IllegalArgumentException if the value is NaN or infinite
     * @throws IllegalStateException if the pad value was already set
     */
    public Builder padHu(float hu) {
      if (this.padHu != null) {
        throw new IllegalStateException("padHu was already set to " + this.padHu);
      }
      if (!Float.isFinite(hu)) {
        throw new IllegalArgumentException("padHu must be finite, got " + hu);
      }
      this.padHu = hu;
      return this;
    }

    /** Builds the extractor. */
    public NoduleCubes build() {
      return new NoduleCubes(
          depth == 0 ? DEFAULT_DEPTH : depth,
          depth == 0 ? DEFAULT_SIDE : height,
          depth == 0 ? DEFAULT_SIDE : width,
          windows == null ? DEFAULT_WINDOWS : windows,
          padHu == null ? DEFAULT_PAD_HU : padHu);
    }
  }
}
