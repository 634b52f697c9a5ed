package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;

class NoduleCubesTest {

  private static final VolumeGeometry G =
      new VolumeGeometry(
          new Dims(80, 70, 40),
          Spacing.isotropic(1.0),
          new WorldPoint(-50, 20, -100),
          Direction.IDENTITY);

  /** HU that differ per voxel and stay inside the wide window. */
  private static CtVolume ramp() {
    float[] a = new float[G.dims().voxelCount()];
    for (int k = 0; k < 40; k++) {
      for (int j = 0; j < 70; j++) {
        for (int i = 0; i < 80; i++) {
          a[G.dims().index(i, j, k)] = -1100 + 3 * i + 5 * j + 7 * k;
        }
      }
    }
    return CtVolume.wrap(G, a);
  }

  @Test
  void defaults_paperShape() {
    NoduleCube c = NoduleCubes.defaults().extract(ramp(), G.voxelToWorld(40, 35, 20));
    assertArrayEquals(new int[] {3, 32, 64, 64}, c.shape());
    assertArrayEquals(new long[] {3, 32, 64, 64}, c.longShape());
    assertEquals(3 * 32 * 64 * 64, c.data().length);
    assertEquals(
        List.of(HuWindow.LUNG, HuWindow.MEDIASTINAL, HuWindow.WIDE),
        NoduleCubes.defaults().windows());
  }

  @Test
  void extract_channelMajorOrderAndCentring() {
    CtVolume v = ramp();
    NoduleCubes cubes = NoduleCubes.defaults();
    // a centre 0.3 voxel off the grid rounds to voxel (40, 35, 20)
    NoduleCube c = cubes.extract(v, G.voxelToWorld(40.3, 34.8, 20.2));
    VoxelBox box = cubes.boxAround(G, G.voxelToWorld(40.3, 34.8, 20.2));
    assertEquals(VoxelBox.ofSize(8, 3, 4, 64, 64, 32), box);
    float[] flat = c.data();
    int[][] probes = {{0, 0, 0}, {16, 32, 32}, {31, 63, 63}, {5, 17, 42}};
    for (int[] p : probes) {
      int z = p[0];
      int y = p[1];
      int x = p[2];
      float hu = v.get(8 + x, 3 + y, 4 + z);
      for (int ch = 0; ch < 3; ch++) {
        float expected = NoduleCubes.DEFAULT_WINDOWS.get(ch).scale01(hu);
        assertEquals(expected, c.get(ch, z, y, x), 1e-6f);
        assertEquals(expected, flat[((ch * 32 + z) * 64 + y) * 64 + x], 1e-6f);
      }
    }
    // the centre voxel is (16, 32, 32)
    assertEquals(HuWindow.WIDE.scale01(v.get(40, 35, 20)), c.get(2, 16, 32, 32), 1e-6f);
  }

  @Test
  void extract_padsOutsideWithAir() {
    CtVolume v = CtVolume.filled(G, 40f);
    NoduleCube c = NoduleCubes.defaults().extract(v, G.voxelToWorld(0, 0, 0));
    // voxel (0,0,0) sits at cube (16, 32, 32); (15, 31, 31) is outside -> -1000 HU
    float[] padded = {0f, 0f, 200f / 1800};
    for (int ch = 0; ch < 3; ch++) {
      assertEquals(padded[ch], c.get(ch, 15, 31, 31), 1e-6f);
      assertEquals(NoduleCubes.DEFAULT_WINDOWS.get(ch).scale01(40f), c.get(ch, 16, 32, 32), 1e-6f);
    }
    NoduleCube custom =
        NoduleCubes.builder()
            .size(4, 4, 4)
            .windows(HuWindow.MEDIASTINAL)
            .padHu(240f)
            .build()
            .extract(v, G.voxelToWorld(0, 0, 0));
    assertArrayEquals(new int[] {1, 4, 4, 4}, custom.shape());
    assertEquals(1f, custom.get(0, 0, 0, 0), 0f);
    assertEquals(0.5f, custom.get(0, 2, 2, 2), 1e-6f);
  }

  @Test
  void extractAll_oneCubePerCentre() {
    CtVolume v = ramp();
    NoduleCubes cubes = NoduleCubes.builder().size(8, 8, 8).build();
    List<NoduleCube> all =
        cubes.extractAll(v, List.of(G.voxelToWorld(10, 10, 10), G.voxelToWorld(50, 40, 30)));
    assertEquals(2, all.size());
    assertEquals(cubes.extract(v, G.voxelToWorld(50, 40, 30)), all.get(1));
    assertNotEquals(all.get(0), all.get(1));
    float[] batch = NoduleCube.stack(all);
    assertEquals(2 * 3 * 512, batch.length);
    assertEquals(all.get(1).get(2, 7, 7, 7), batch[2 * 3 * 512 - 1], 0f);
  }

  @Test
  void stack_shapeMismatch() {
    NoduleCube a = NoduleCube.wrap(1, 1, 1, 2, new float[2]);
    NoduleCube b = NoduleCube.wrap(1, 1, 2, 1, new float[2]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NoduleCube.stack(List.of(a, b)));
    assertTrue(e.getMessage().contains("[1, 1, 2, 1]"), e.getMessage());
  }

  @Test
  void wrap_lengthMismatch() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> NoduleCube.wrap(3, 2, 2, 2, new float[23]));
    assertTrue(e.getMessage().contains("must be 24"), e.getMessage());
  }

  @Test
  void wrap_nanValue() {
    float[] d = new float[8];
    d[5] = Float.NaN;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NoduleCube.wrap(1, 2, 2, 2, d));
    assertTrue(e.getMessage().contains("NaN at flat index 5"), e.getMessage());
  }

  @Test
  void equals_byValue() {
    assertEquals(
        NoduleCube.wrap(1, 1, 1, 2, new float[] {1, 2}),
        NoduleCube.wrap(1, 1, 1, 2, new float[] {1, 2}));
    assertEquals(
        NoduleCube.wrap(1, 1, 1, 2, new float[] {1, 2}).hashCode(),
        NoduleCube.wrap(1, 1, 1, 2, new float[] {1, 2}).hashCode());
    assertNotEquals(
        NoduleCube.wrap(1, 1, 1, 2, new float[] {1, 2}),
        NoduleCube.wrap(1, 1, 2, 1, new float[] {1, 2}));
  }

  @Test
  void size_zero() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NoduleCubes.builder().size(0, 64, 64));
    assertTrue(e.getMessage().contains("0x64x64"), e.getMessage());
  }

  @Test
  void size_setTwice() {
    NoduleCubes.Builder b = NoduleCubes.builder().size(16, 32, 32);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.size(32, 64, 64));
    assertTrue(e.getMessage().contains("16x32x32"), e.getMessage());
  }

  @Test
  void windows_empty() {
    assertThrows(IllegalArgumentException.class, () -> NoduleCubes.builder().windows(List.of()));
  }

  @Test
  void windows_null() {
    assertThrows(
        NullPointerException.class, () -> NoduleCubes.builder().windows((List<HuWindow>) null));
  }

  @Test
  void windows_setTwice() {
    NoduleCubes.Builder b = NoduleCubes.builder().windows(HuWindow.LUNG);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> b.windows(HuWindow.WIDE));
    assertTrue(e.getMessage().contains("-1000.0"), e.getMessage());
  }

  @Test
  void padHu_nan() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NoduleCubes.builder().padHu(Float.NaN));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void padHu_setTwice() {
    NoduleCubes.Builder b = NoduleCubes.builder().padHu(-1024f);
    assertThrows(IllegalStateException.class, () -> b.padHu(0f));
  }

  @Test
  void toString_showsOptions() {
    String s = NoduleCubes.defaults().toString();
    assertTrue(s.contains("3x32x64x64") && s.contains("-1000.0"), s);
  }

  @Test
  void extractHu_windowedEqualsExtractExactly() {
    CtVolume v = ramp();
    NoduleCubes cubes = NoduleCubes.defaults();
    // near a corner, so that part of the cube is padding
    WorldPoint c = G.voxelToWorld(3.4, 66.2, 1.7);
    float[] hu = cubes.extractHu(v, c);
    assertEquals(32 * 64 * 64, hu.length);
    assertEquals(v.get(3, 66, 2), hu[(16 * 64 + 32) * 64 + 32]);
    assertEquals(cubes.padHu(), hu[0]);
    assertArrayEquals(cubes.extract(v, c).data(), cubes.windowValues(hu));
  }

  @Test
  void windowValues_wrongLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NoduleCubes.defaults().windowValues(new float[10]));
    assertTrue(
        e.getMessage().contains("32x64x64") && e.getMessage().contains("got 10"), e.getMessage());
  }
}
