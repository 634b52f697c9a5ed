package org.lungnodule.core.preprocess;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;

/**
 * A reordering of voxel axes with optional flips: new axis {@code a} (0 = x, 1 = y, 2 = z) runs
 * along old axis {@code source(a)}, reversed if {@code flip(a)}. Flips and axis swaps combine into
 * every 90° rotation (and mirror image) of the voxel grid: for example {@code (1, 0, 2)} with x
 * flipped turns each slice by 90°.
 *
 * <p>Applied to a {@link CtVolume} or {@link Mask} the geometry is carried along (dims, spacing and
 * direction columns permuted, direction columns of flipped axes negated, origin moved to the new
 * first voxel), so every voxel keeps its world position and nodule centres in mm stay valid; only
 * the array order changes, which is what a network sees. Applied to a {@link NoduleCube}, every
 * channel is transformed the same way (x = width, y = height, z = depth).
 *
 * @param sourceX old axis the new x runs along
 * @param sourceY old axis the new y runs along
 * @param sourceZ old axis the new z runs along
 * @param flipX whether the new x is reversed
 * @param flipY whether the new y is reversed
 * @param flipZ whether the new z is reversed
 */
public record AxisTransform(
    int sourceX, int sourceY, int sourceZ, boolean flipX, boolean flipY, boolean flipZ) {

  /** The identity. */
  public static final AxisTransform IDENTITY = new AxisTransform(0, 1, 2, false, false, false);

  /**
   * Validates that the sources are a permutation of 0, 1, 2.
   *
   * @throws IllegalArgumentException otherwise (naming the sources)
   */
  public AxisTransform {
    if (sourceX < 0
        || sourceX > 2
        || sourceY < 0
        || sourceY > 2
        || sourceZ < 0
        || sourceZ > 2
        || sourceX == sourceY
        || sourceY == sourceZ
        || sourceX == sourceZ) {
      throw new IllegalArgumentException(
          "axis sources must be a permutation of 0, 1, 2, got ("
              + sourceX
              + ", "
              + sourceY
              + ", "
              + sourceZ
              + ")");
    }
  }

  /** Returns whether this changes nothing. */
  public boolean isIdentity() {
    return equals(IDENTITY);
  }

  private int[] sources() {
    return new int[] {sourceX, sourceY, sourceZ};
  }

  private boolean[] flips() {
    return new boolean[] {flipX, flipY, flipZ};
  }

  /** Returns the dims after the transform. */
  public Dims apply(Dims d) {
    int[] n = d.toArray();
    return new Dims(n[sourceX], n[sourceY], n[sourceZ]);
  }

  /** Returns the geometry after the transform (every voxel keeps its world position). */
  public VolumeGeometry apply(VolumeGeometry g) {
    int[] src = sources();
    boolean[] fl = flips();
    int[] n = g.dims().toArray();
    double[][] cols = new double[3][];
    double[] first = new double[3];
    double[] sp = new double[3];
    for (int a = 0; a < 3; a++) {
      double[] c = g.direction().axis(src[a]);
      if (fl[a]) {
        c = new double[] {-c[0], -c[1], -c[2]};
        first[src[a]] = n[src[a]] - 1;
      }
      cols[a] = c;
      sp[a] = g.spacing().get(src[a]);
    }
    return new VolumeGeometry(
        apply(g.dims()),
        new Spacing(sp[0], sp[1], sp[2]),
        g.voxelToWorld(first[0], first[1], first[2]),
        Direction.ofColumns(cols[0], cols[1], cols[2]));
  }

  /** Returns the transformed volume (a new array; the input is not modified). */
  public CtVolume apply(CtVolume v) {
    Objects.requireNonNull(v, "volume");
    Dims nd = apply(v.dims());
    Map map = new Map(v.dims());
    FloatBuffer in = v.voxels();
    float[] out = new float[nd.voxelCount()];
    Parallel.forEach(
        nd.nz(),
        k -> {
          int o = k * nd.sliceSize();
          for (int j = 0; j < nd.ny(); j++) {
            int row = map.base + k * map.stride[2] + j * map.stride[1];
            for (int i = 0; i < nd.nx(); i++) {
              out[o++] = in.get(row + i * map.stride[0]);
            }
          }
        });
    return CtVolume.wrap(apply(v.geometry()), out);
  }

  /** Returns the transformed mask (a new array; the input is not modified). */
  public Mask apply(Mask m) {
    Objects.requireNonNull(m, "mask");
    Dims nd = apply(m.dims());
    Map map = new Map(m.dims());
    ByteBuffer in = m.labels();
    byte[] out = new byte[nd.voxelCount()];
    Parallel.forEach(
        nd.nz(),
        k -> {
          int o = k * nd.sliceSize();
          for (int j = 0; j < nd.ny(); j++) {
            int row = map.base + k * map.stride[2] + j * map.stride[1];
            for (int i = 0; i < nd.nx(); i++) {
              out[o++] = in.get(row + i * map.stride[0]);
            }
          }
        });
    return Mask.wrap(apply(m.geometry()), out);
  }

  /** Returns the transformed cube, every channel alike (x = width, y = height, z = depth). */
  public NoduleCube apply(NoduleCube cube) {
    Objects.requireNonNull(cube, "cube");
    Dims od = new Dims(cube.width(), cube.height(), cube.depth());
    Dims nd = apply(od);
    Map map = new Map(od);
    FloatBuffer in = cube.dataView();
    int per = od.voxelCount();
    float[] out = new float[per * cube.channels()];
    Parallel.forEach(
        cube.channels() * nd.nz(),
        ck -> {
          int c = ck / nd.nz();
          int k = ck % nd.nz();
          int o = c * per + k * nd.sliceSize();
          for (int j = 0; j < nd.ny(); j++) {
            int row = c * per + map.base + k * map.stride[2] + j * map.stride[1];
            for (int i = 0; i < nd.nx(); i++) {
              out[o++] = in.get(row + i * map.stride[0]);
            }
          }
        });
    return NoduleCube.wrap(cube.channels(), nd.nz(), nd.ny(), nd.nx(), out);
  }

  /** Old linear index of new voxel (i, j, k) = base + i·stride[0] + j·stride[1] + k·stride[2]. */
  private final class Map {
    final int base;
    final int[] stride = new int[3];

    Map(Dims old) {
      int[] n = old.toArray();
      int[] oldStride = {1, n[0], n[0] * n[1]};
      int[] src = sources();
      boolean[] fl = flips();
      int b = 0;
      for (int a = 0; a < 3; a++) {
        int s = oldStride[src[a]];
        if (fl[a]) {
          b += (n[src[a]] - 1) * s;
          s = -s;
        }
        stride[a] = s;
      }
      base = b;
    }
  }
}
