package org.lungnodule.core;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * A CT volume: Hounsfield units as {@code float}, stored x fastest (see {@link org.lungnodule.core
 * package docs}), with its {@link VolumeGeometry}.
 *
 * <p>Immutable once built. To keep a 512×512×400 scan (400 MB) within memory, {@link #wrap} takes
 * ownership of the caller's array instead of copying it: the caller must not modify the array
 * afterwards. Read voxels with {@link #get}, {@link #voxels()} (a read-only view, no copy) or
 * {@link #copyVoxels()}.
 */
public final class CtVolume {

  private final VolumeGeometry geometry;
  private final float[] hu;

  private CtVolume(VolumeGeometry geometry, float[] hu) {
    this.geometry = geometry;
    this.hu = hu;
  }

  /**
   * Wraps an array of HU values without copying it; the array must not be modified afterwards.
   *
   * @param geometry the grid
   * @param hu voxels in x-fastest order, {@code geometry.dims().voxelCount()} of them
   * @return the volume
   * @throws IllegalArgumentException if the length does not match the dims, or a voxel is NaN or
   *     infinite (the message names the first such voxel)
   */
  public static CtVolume wrap(VolumeGeometry geometry, float[] hu) {
    Objects.requireNonNull(geometry, "geometry");
    Objects.requireNonNull(hu, "hu");
    int n = geometry.dims().voxelCount();
    if (hu.length != n) {
      throw new IllegalArgumentException(
          "voxel array length must be "
              + n
              + " for dims "
              + geometry.dims()
              + ", got "
              + hu.length);
    }
    for (int idx = 0; idx < n; idx++) {
      if (!Float.isFinite(hu[idx])) {
        Dims d = geometry.dims();
        int i = idx % d.nx();
        int j = (idx / d.nx()) % d.ny();
        int k = idx / d.sliceSize();
        throw new IllegalArgumentException(
            "voxel values must be finite, got "
                + hu[idx]
                + " at ("
                + i
                + ", "
                + j
                + ", "
                + k
                + ")");
      }
    }
    return new CtVolume(geometry, hu);
  }

  /** Returns a volume filled with one value. */
  public static CtVolume filled(VolumeGeometry geometry, float value) {
    float[] a = new float[geometry.dims().voxelCount()];
    java.util.Arrays.fill(a, value);
    return wrap(geometry, a);
  }

  /** Returns the grid. */
  public VolumeGeometry geometry() {
    return geometry;
  }

  /** Returns the grid size. */
  public Dims dims() {
    return geometry.dims();
  }

  /** Returns the voxel spacing. */
  public Spacing spacing() {
    return geometry.spacing();
  }

  /** Returns the HU value of voxel (i, j, k). */
  public float get(int i, int j, int k) {
    return hu[geometry.dims().index(i, j, k)];
  }

  /** Returns the HU value at a linear index. */
  public float get(int index) {
    return hu[index];
  }

  /** Returns a read-only view of all voxels (no copy), x fastest. */
  public FloatBuffer voxels() {
    return FloatBuffer.wrap(hu).asReadOnlyBuffer();
  }

  /** Returns a copy of all voxels, x fastest. */
  public float[] copyVoxels() {
    return hu.clone();
  }

  /**
   * Returns a new volume on the same grid with other voxels (ownership of {@code newHu} passes to
   * the volume, as in {@link #wrap}).
   */
  public CtVolume withVoxels(float[] newHu) {
    return wrap(geometry, newHu);
  }

  @Override
  public String toString() {
    return "CtVolume[" + geometry.dims() + " at " + geometry.spacing() + "]";
  }
}
