package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

class RandomFlipRotateTest {

  @Test
  void apply_flipXHandCase() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(3, 1, 1), Spacing.isotropic(2));
    CtVolume v = CtVolume.wrap(g, new float[] {1, 2, 3});
    CtVolume f = new AxisTransform(0, 1, 2, true, false, false).apply(v);
    assertEquals(3f, f.get(0, 0, 0));
    assertEquals(1f, f.get(2, 0, 0));
    // voxel positions are kept: new (0,0,0) is old (2,0,0) at x = 4 mm
    assertEquals(4.0, f.geometry().origin().xMm(), 1e-12);
  }

  @Test
  void apply_quarterTurnHandCase() {
    // 2x2 slice [[a b][c d]] (rows j): swap x,y and flip new x -> a 90 degree turn
    VolumeGeometry g = VolumeGeometry.of(new Dims(2, 2, 1), Spacing.isotropic(1));
    CtVolume v = CtVolume.wrap(g, new float[] {1, 2, 3, 4});
    CtVolume r = new AxisTransform(1, 0, 2, true, false, false).apply(v);
    // new(i, j) = old(j', i) with j' = 1 - i
    assertEquals(3f, r.get(0, 0, 0));
    assertEquals(1f, r.get(1, 0, 0));
    assertEquals(4f, r.get(0, 1, 0));
    assertEquals(2f, r.get(1, 1, 0));
  }

  /** Every voxel keeps its world position, so image and mask stay aligned with world points. */
  @Test
  void apply_keepsWorldPositionsForImageAndMask() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(4, 5, 6),
            new Spacing(0.5, 0.7, 1.5),
            new WorldPoint(3, -2, 7),
            Direction.IDENTITY);
    float[] a = new float[120];
    byte[] m = new byte[120];
    for (int p = 0; p < 120; p++) {
      a[p] = p;
      m[p] = (byte) (p % 3);
    }
    CtVolume v = CtVolume.wrap(g, a);
    Mask mask = Mask.wrap(g, m);
    AxisTransform t = new AxisTransform(2, 0, 1, true, false, true);
    CtVolume tv = t.apply(v);
    Mask tm = t.apply(mask);
    assertEquals(new Dims(6, 4, 5), tv.dims());
    for (int k = 0; k < 5; k++) {
      for (int j = 0; j < 4; j++) {
        for (int i = 0; i < 6; i++) {
          var old = g.worldToVoxel(tv.geometry().voxelToWorld(i, j, k)).round();
          assertEquals(v.get(old.i(), old.j(), old.k()), tv.get(i, j, k));
          assertEquals(mask.get(old.i(), old.j(), old.k()), tm.get(i, j, k));
        }
      }
    }
  }

  @Test
  void draw_sameSeedSameTransformAndShapeKept() {
    RandomFlipRotate a = RandomFlipRotate.builder().seed(11).build();
    RandomFlipRotate b = RandomFlipRotate.builder().seed(11).build();
    Set<AxisTransform> cubic = new HashSet<>();
    Set<AxisTransform> slab = new HashSet<>();
    Dims cube = new Dims(8, 8, 8);
    Dims cubeShape = new Dims(64, 64, 32);
    for (int i = 0; i < 400; i++) {
      assertEquals(a.draw(cube, i), b.draw(cube, i));
      cubic.add(a.draw(cube, i));
      AxisTransform t = a.draw(cubeShape, i);
      assertEquals(2, t.sourceZ());
      assertEquals(cubeShape, t.apply(cubeShape));
      slab.add(t);
    }
    assertEquals(48, cubic.size()); // all 6 permutations x 8 flips
    assertEquals(16, slab.size()); // x<->y swap or not x 8 flips
  }

  @Test
  void apply_noduleCubeChannelsAlike() {
    float[] d = new float[2 * 1 * 2 * 2];
    for (int p = 0; p < d.length; p++) {
      d[p] = p;
    }
    NoduleCube c = NoduleCube.wrap(2, 1, 2, 2, d);
    NoduleCube t = new AxisTransform(1, 0, 2, false, false, false).apply(c); // transpose y, x
    for (int ch = 0; ch < 2; ch++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 2; x++) {
          assertEquals(c.get(ch, 0, x, y), t.get(ch, 0, y, x));
        }
      }
    }
    RandomFlipRotate aug = RandomFlipRotate.builder().seed(3).build();
    NoduleCube big = NoduleCube.wrap(3, 32, 64, 64, new float[3 * 32 * 64 * 64]);
    assertEquals(big, aug.apply(big, 5));
  }

  @Test
  void draw_noRotationsNoFlipsIsIdentity() {
    RandomFlipRotate aug =
        RandomFlipRotate.builder().flipProbability(0).rotations(false).seed(1).build();
    for (int i = 0; i < 20; i++) {
      assertTrue(aug.draw(new Dims(8, 8, 8), i).isIdentity());
    }
  }

  @Test
  void axisTransform_notAPermutation() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new AxisTransform(0, 0, 2, false, false, false));
    assertTrue(e.getMessage().contains("(0, 0, 2)"), e.getMessage());
  }

  @Test
  void flipProbability_outOfRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RandomFlipRotate.builder().flipProbability(2));
    assertTrue(e.getMessage().contains("2.0"), e.getMessage());
  }

  @Test
  void flipProbability_setTwice() {
    RandomFlipRotate.Builder b = RandomFlipRotate.builder().flipProbability(0.2);
    assertThrows(IllegalStateException.class, () -> b.flipProbability(0.3));
  }

  @Test
  void seed_missing() {
    assertThrows(IllegalStateException.class, () -> RandomFlipRotate.builder().build());
  }
}
