package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;

/**
 * The list of bad inputs, each a clear exception naming the value, through preprocessing.
 */
class BadInputTest {

  private static void assertMessage(Executable e, String... parts) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String p : parts) {
      assertTrue(ex.getMessage().contains(p), ex.getMessage() + " should contain " + p);
    }
  }

  @Test
  void spacing_zero() {
    assertMessage(() -> new Spacing(0.7, 0.0, 1.25), "0.0 mm in y");
    assertMessage(() -> Resampler.builder().isotropic(0.0), "0.0 mm");
  }

  @Test
  void spacing_negative() {
    assertMessage(() -> new Spacing(0.7, 0.7, -1.25), "-1.25 mm in z");
    assertMessage(() -> Resampler.isotropic(-1.0), "-1.0 mm");
  }

  @Test
  void spacing_nan() {
    assertMessage(() -> new Spacing(Double.NaN, 0.7, 1.25), "NaN mm in x");
  }

  @Test
  void spacing_infinite() {
    assertMessage(() -> Resampler.isotropic(Double.POSITIVE_INFINITY), "Infinity");
  }

  @Test
  void direction_singular() {
    assertMessage(() -> Direction.ofRowMajor(1, 0, 0, 0, 1, 0, 1, 0, 0), "singular", "det 0.0");
  }

  @Test
  void direction_nan() {
    assertMessage(() -> Direction.ofRowMajor(1, 0, 0, 0, Double.NaN, 0, 0, 0, 1), "NaN");
  }

  @Test
  void dims_tooManyVoxels() {
    assertMessage(() -> new Dims(2048, 2048, 1024), "4294967296 voxels", "2^31");
  }

  @Test
  void resample_tooManyVoxels() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(512, 512, 400), new Spacing(0.7, 0.7, 1.0));
    assertMessage(() -> Resampler.isotropic(0.2).targetGeometry(g), "1792x1792x2000", "2^31");
  }

  @Test
  void crop_largerThanVolumeWithoutPadding() {
    CtVolume v =
        CtVolume.filled(VolumeGeometry.of(new Dims(100, 120, 90), Spacing.isotropic(1)), 0f);
    RandomCropSampler s = RandomCropSampler.builder().padding(false).seed(1).build();
    assertMessage(
        () -> s.sample(v, Optional.empty(), List.of(), 0L),
        "128x128x128",
        "100x120x90",
        "padding is disabled");
  }

  @Test
  void voxels_nan() {
    float[] a = new float[8];
    a[6] = Float.NaN;
    VolumeGeometry g = VolumeGeometry.of(new Dims(2, 2, 2), Spacing.isotropic(1));
    assertMessage(() -> CtVolume.wrap(g, a), "NaN at (0, 1, 1)");
  }

  @Test
  void voxels_infinite() {
    float[] a = new float[8];
    a[1] = Float.NEGATIVE_INFINITY;
    VolumeGeometry g = VolumeGeometry.of(new Dims(2, 2, 2), Spacing.isotropic(1));
    assertMessage(() -> CtVolume.wrap(g, a), "-Infinity at (1, 0, 0)");
  }

  @Test
  void cube_nanValue() {
    float[] d = new float[4];
    d[3] = Float.NaN;
    assertMessage(() -> NoduleCube.wrap(1, 1, 2, 2, d), "NaN at flat index 3");
  }

  @Test
  void window_nan() {
    assertMessage(() -> Intensity.builder().clip(Double.NaN, 600), "NaN");
  }
}
