package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;

class IntensityTest {

  @Test
  void grt123_handCases() {
    Intensity g = Intensity.grt123();
    float[][] cases = {{-3000, 0}, {-1200, 0}, {-300, 127.5f}, {0, 170}, {600, 255}, {2000, 255}};
    for (float[] c : cases) {
      assertEquals(c[1], g.apply(c[0]), 1e-4f, "hu " + c[0]);
    }
    assertArrayEquals(new double[] {0, 255}, g.outputRange().orElseThrow(), 0);
  }

  @Test
  void apply_volumeClipsEveryVoxel() {
    VolumeGeometry geo = VolumeGeometry.of(new Dims(2, 2, 2), Spacing.isotropic(1));
    CtVolume v = CtVolume.wrap(geo, new float[] {-2000, -1000, -500, 0, 100, 300, 1000, 3000});
    CtVolume c = Intensity.builder().window(-600, 1200).build().apply(v);
    assertArrayEquals(new float[] {-1200, -1000, -500, 0, 0, 0, 0, 0}, c.copyVoxels(), 0f);
    assertEquals(geo, c.geometry());
    CtVolume u = Intensity.builder().clip(-1000, 0).rescale(0, 1).build().apply(v);
    assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1, 1, 1, 1}, u.copyVoxels(), 1e-6f);
  }

  @Test
  void build_noWindow() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Intensity.builder().rescale(0, 1).build());
    assertTrue(e.getMessage().contains("window"), e.getMessage());
  }

  @Test
  void window_setTwice() {
    Intensity.Builder b = Intensity.builder().clip(-1000, 400);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.window(40, 400));
    assertTrue(e.getMessage().contains("[-1000.0, 400.0]"), e.getMessage());
  }

  @Test
  void clip_inverted() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Intensity.builder().clip(400, -1000));
    assertTrue(e.getMessage().contains("[400.0, -1000.0]"), e.getMessage());
  }

  @Test
  void window_zeroWidth() {
    assertThrows(IllegalArgumentException.class, () -> Intensity.builder().window(40, 0));
  }

  @Test
  void rescale_nan() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Intensity.builder().rescale(Double.NaN, 1));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void rescale_setTwice() {
    Intensity.Builder b = Intensity.builder().rescale(0, 255);
    assertThrows(IllegalStateException.class, () -> b.rescale(0, 1));
  }

  @Test
  void toString_showsWindowAndRange() {
    assertEquals(
        "Intensity[clip [-1200.0, 600.0] HU -> [0.0, 255.0]]", Intensity.grt123().toString());
  }
}
