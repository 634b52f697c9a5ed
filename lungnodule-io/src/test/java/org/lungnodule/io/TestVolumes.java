package org.lungnodule.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/** Small volumes with non-trivial geometry for round-trip tests. */
public final class TestVolumes {
  private TestVolumes() {}

  /** A 5x4x3 grid, anisotropic spacing, an oblique rotation about z and a flipped slice axis. */
  public static VolumeGeometry obliqueGeometry() {
    double c = Math.cos(Math.toRadians(30));
    double s = Math.sin(Math.toRadians(30));
    return new VolumeGeometry(
        new Dims(5, 4, 3),
        new Spacing(0.7, 0.8, 2.5),
        new WorldPoint(-100.5, 20.25, -300),
        Direction.ofColumns(
            new double[] {c, s, 0}, new double[] {-s, c, 0}, new double[] {0, 0, -1}));
  }

  /** Integral HU values in [-1024, 3000] from a seed. */
  public static CtVolume integralVolume(VolumeGeometry g, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[g.dims().voxelCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(-1024, 3001);
    }
    return CtVolume.wrap(g, v);
  }

  /** Non-integral values. */
  public static CtVolume floatVolume(VolumeGeometry g, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[g.dims().voxelCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() * 4000 - 1500);
    }
    return CtVolume.wrap(g, v);
  }

  /** A mask with labels 0..3. */
  public static Mask labelMask(VolumeGeometry g, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = new byte[g.dims().voxelCount()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) r.nextInt(4);
    }
    b[0] = (byte) 255;
    return Mask.wrap(g, b);
  }

  /** Asserts that two geometries agree within tol. */
  public static void assertSameGeometry(
      VolumeGeometry expected, VolumeGeometry actual, double tol) {
    assertEquals(expected.dims(), actual.dims());
    assertTrue(expected.sameGrid(actual, tol), () -> "expected " + expected + " but got " + actual);
  }

  /** Asserts voxel equality. */
  public static void assertSameVoxels(CtVolume expected, CtVolume actual, float tol) {
    assertArrayEquals(expected.copyVoxels(), actual.copyVoxels(), tol);
  }

  /** Returns the folder of the committed reference files. */
  public static Path referenceDir() {
    try {
      return Path.of(
              TestVolumes.class.getResource("/org/lungnodule/io/reference/expected.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
