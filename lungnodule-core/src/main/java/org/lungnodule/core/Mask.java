package org.lungnodule.core;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A label mask on a voxel grid: one unsigned byte per voxel, 0 for background and 1..255 for
 * labels, stored x fastest like {@link CtVolume}. A binary mask uses 0 and 1. Immutable; {@link
 * #wrap} takes ownership of the array.
 */
public final class Mask {

  private final VolumeGeometry geometry;
  private final byte[] labels;

  private Mask(VolumeGeometry geometry, byte[] labels) {
    this.geometry = geometry;
    this.labels = labels;
  }

  /**
   * Wraps a label array without copying; the array must not be modified afterwards.
   *
   * @throws IllegalArgumentException if the length does not match the dims
   */
  public static Mask wrap(VolumeGeometry geometry, byte[] labels) {
    Objects.requireNonNull(geometry, "geometry");
    Objects.requireNonNull(labels, "labels");
    int n = geometry.dims().voxelCount();
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "mask array length must be "
              + n
              + " for dims "
              + geometry.dims()
              + ", got "
              + labels.length);
    }
    return new Mask(geometry, labels);
  }

  /** Returns an empty (all background) mask on a grid. */
  public static Mask empty(VolumeGeometry geometry) {
    return new Mask(geometry, new byte[geometry.dims().voxelCount()]);
  }

  /** Returns the grid. */
  public VolumeGeometry geometry() {
    return geometry;
  }

  /** Returns the grid size. */
  public Dims dims() {
    return geometry.dims();
  }

  /** Returns the label (0..255) of voxel (i, j, k). */
  public int get(int i, int j, int k) {
    return labels[geometry.dims().index(i, j, k)] & 0xFF;
  }

  /** Returns the label (0..255) at a linear index. */
  public int get(int index) {
    return labels[index] & 0xFF;
  }

  /** Returns whether voxel (i, j, k) is foreground (label &gt; 0). */
  public boolean isSet(int i, int j, int k) {
    return labels[geometry.dims().index(i, j, k)] != 0;
  }

  /** Returns a read-only view of the labels (no copy). */
  public ByteBuffer labels() {
    return ByteBuffer.wrap(labels).asReadOnlyBuffer();
  }

  /** Returns a copy of the labels. */
  public byte[] copyLabels() {
    return labels.clone();
  }

  /**
   * Returns a binary mask (0/1) on the same grid holding the voxels whose label is {@code label}.
   */
  public Mask select(int label) {
    byte[] out = new byte[labels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((labels[i] & 0xFF) == label ? 1 : 0);
    }
    return new Mask(geometry, out);
  }

  /** Returns the number of foreground voxels. */
  public long count() {
    long c = 0;
    for (byte b : labels) {
      if (b != 0) {
        c++;
      }
    }
    return c;
  }

  /** Returns whether no voxel is foreground. */
  public boolean isEmpty() {
    for (byte b : labels) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Returns the foreground volume in mm³. */
  public double volumeMm3() {
    return count() * geometry.spacing().voxelVolumeMm3();
  }

  /** Returns the tight box around the foreground, or an empty box at (0,0,0) if there is none. */
  public VoxelBox boundingBox() {
    Dims d = geometry.dims();
    int minI = Integer.MAX_VALUE;
    int minJ = Integer.MAX_VALUE;
    int minK = Integer.MAX_VALUE;
    int maxI = -1;
    int maxJ = -1;
    int maxK = -1;
    int idx = 0;
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++, idx++) {
          if (labels[idx] != 0) {
            minI = Math.min(minI, i);
            minJ = Math.min(minJ, j);
            minK = Math.min(minK, k);
            maxI = Math.max(maxI, i);
            maxJ = Math.max(maxJ, j);
            maxK = Math.max(maxK, k);
          }
        }
      }
    }
    if (maxI < 0) {
      return new VoxelBox(0, 0, 0, 0, 0, 0);
    }
    return new VoxelBox(minI, minJ, minK, maxI + 1, maxJ + 1, maxK + 1);
  }

  /** Returns the centroid of the foreground in world mm, if there is any foreground. */
  public java.util.Optional<WorldPoint> centroidMm() {
    Dims d = geometry.dims();
    double si = 0;
    double sj = 0;
    double sk = 0;
    long n = 0;
    int idx = 0;
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++, idx++) {
          if (labels[idx] != 0) {
            si += i;
            sj += j;
            sk += k;
            n++;
          }
        }
      }
    }
    if (n == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(geometry.voxelToWorld(si / n, sj / n, sk / n));
  }

  @Override
  public String toString() {
    return "Mask[" + geometry.dims() + " at " + geometry.spacing() + "]";
  }
}
