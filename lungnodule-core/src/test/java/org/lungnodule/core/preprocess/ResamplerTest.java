package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class ResamplerTest {

  private static final Direction OBLIQUE =
      Direction.ofColumns(
          new double[] {Math.cos(0.3), Math.sin(0.3), 0},
          new double[] {-Math.sin(0.3), Math.cos(0.3), 0},
          new double[] {0, 0, -1});

  @Test
  void builder_defaultIsOneMillimetre() {
    assertEquals(Spacing.isotropic(1.0), Resampler.builder().build().spacing());
    assertTrue(Resampler.builder().build().toString().contains("1.0x1.0x1.0 mm"));
  }

  @Test
  void spacing_setTwice() {
    Resampler.Builder b = Resampler.builder().isotropic(2.0);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> b.spacing(Spacing.isotropic(1.0)));
    assertTrue(e.getMessage().contains("2.0x2.0x2.0 mm"), e.getMessage());
  }

  @Test
  void spacing_null() {
    assertThrows(NullPointerException.class, () -> Resampler.builder().spacing(null));
  }

  @Test
  void isotropic_negative() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Resampler.isotropic(-1.0));
    assertTrue(e.getMessage().contains("-1.0 mm"), e.getMessage());
  }

  @Test
  void isotropic_zero() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Resampler.builder().isotropic(0.0));
    assertTrue(e.getMessage().contains("0.0 mm"), e.getMessage());
  }

  @Test
  void isotropic_nan() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Resampler.isotropic(Double.NaN));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void targetGeometry_exactMultipleShiftsOriginByHalfSpacingDifference() {
    // 4 voxels of 0.5 mm (extent 2 mm) -> 2 voxels of 1 mm; faces coincide.
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(4, 6, 3),
            new Spacing(0.5, 0.5, 2.0),
            new WorldPoint(10, 20, 30),
            Direction.IDENTITY);
    VolumeGeometry t = Resampler.isotropic(1.0).targetGeometry(g);
    assertEquals(new Dims(2, 3, 6), t.dims());
    assertEquals(10.25, t.origin().xMm(), 1e-12);
    assertEquals(20.25, t.origin().yMm(), 1e-12);
    assertEquals(29.5, t.origin().zMm(), 1e-12);
    // same physical extent, same centre
    assertArrayEquals(g.extentMm(), t.extentMm(), 1e-12);
  }

  @Test
  void targetGeometry_keepsCentreWithObliqueDirection() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(7, 5, 3), new Spacing(0.7, 0.7, 5.0), new WorldPoint(-3, 4, 5), OBLIQUE);
    VolumeGeometry t = Resampler.isotropic(1.0).targetGeometry(g);
    assertEquals(new Dims(5, 4, 15), t.dims());
    WorldPoint c0 = g.voxelToWorld(3, 2, 1);
    WorldPoint c1 = t.voxelToWorld(2, 1.5, 7);
    assertEquals(0.0, c0.distanceMm(c1), 1e-9);
    assertEquals(OBLIQUE, t.direction());
  }

  @Test
  void targetGeometry_tooManyVoxels() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(512, 512, 300), new Spacing(0.7, 0.7, 1.25));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Resampler.isotropic(0.1).targetGeometry(g));
    assertTrue(e.getMessage().contains("3584x3584x3750"), e.getMessage());
    assertTrue(e.getMessage().contains("2^31"), e.getMessage());
  }

  @Test
  void resample_sameSpacingIsExactCopy() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(5, 4, 3), Spacing.isotropic(1.0));
    float[] a = new float[60];
    for (int p = 0; p < 60; p++) {
      a[p] = p * 1.5f - 20;
    }
    CtVolume v = CtVolume.wrap(g, a.clone());
    CtVolume r = Resampler.isotropic(1.0).resample(v);
    assertTrue(r.geometry().sameGrid(g, 1e-12));
    assertArrayEquals(a, r.copyVoxels());
  }

  /** Trilinear interpolation reproduces a linear function of world position exactly. */
  @Test
  void resample_linearWorldRampSampledAtTrueWorldPositions() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(20, 18, 6), new Spacing(0.7, 0.8, 2.5), new WorldPoint(-3, 4, 5), OBLIQUE);
    float[] a = new float[g.dims().voxelCount()];
    for (int k = 0; k < 6; k++) {
      for (int j = 0; j < 18; j++) {
        for (int i = 0; i < 20; i++) {
          a[g.dims().index(i, j, k)] = (float) ramp(g.voxelToWorld(i, j, k));
        }
      }
    }
    CtVolume r = Resampler.isotropic(1.0).resample(CtVolume.wrap(g, a));
    VolumeGeometry t = r.geometry();
    int checked = 0;
    for (int k = 0; k < t.dims().nz(); k++) {
      for (int j = 0; j < t.dims().ny(); j++) {
        for (int i = 0; i < t.dims().nx(); i++) {
          var v = g.worldToVoxel(t.voxelToWorld(i, j, k));
          boolean interior =
              v.i() >= 0 && v.j() >= 0 && v.k() >= 0 && v.i() <= 19 && v.j() <= 17 && v.k() <= 5;
          if (interior) {
            assertEquals(
                ramp(t.voxelToWorld(i, j, k)), r.get(i, j, k), 2e-3, i + "," + j + "," + k);
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 1000, "checked " + checked);
  }

  private static double ramp(WorldPoint p) {
    return 3 * p.xMm() - 2 * p.yMm() + 0.5 * p.zMm() + 7;
  }

  @Test
  void resample_spherePhantomKeepsCentroidAndVolume() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(64, 64, 12),
            new Spacing(0.7, 0.7, 5.0),
            new WorldPoint(-120, 35, -300),
            Direction.IDENTITY);
    WorldPoint centre = new WorldPoint(-120 + 22.37, 35 + 21.71, -300 + 29.13);
    double radius = 10.0;
    double trueVolume = 4.0 / 3.0 * Math.PI * radius * radius * radius;
    CtVolume ct = Phantoms.sphere(g, centre, radius, 5);
    CtVolume iso = Resampler.isotropic(1.0).resample(ct);
    assertEquals(Spacing.isotropic(1.0), iso.spacing());
    Mask seg = Phantoms.threshold(iso, -500f);
    double moved = seg.centroidMm().orElseThrow().distanceMm(centre);
    assertTrue(moved < 0.5, "centroid moved by " + moved + " mm");
    double rel = Math.abs(seg.volumeMm3() - trueVolume) / trueVolume;
    assertTrue(rel < 0.05, "volume changed by " + rel);
  }

  @Test
  void resample_sphereMaskKeepsCentroidAndVolume() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(64, 64, 12),
            new Spacing(0.7, 0.7, 5.0),
            new WorldPoint(-120, 35, -300),
            OBLIQUE);
    WorldPoint centre = g.voxelToWorld(31.4, 30.2, 5.83);
    Mask m = Phantoms.sphereMask(g, centre, 10.0);
    Mask iso = Resampler.isotropic(1.0).resample(m);
    assertTrue(iso.geometry().sameGrid(Resampler.isotropic(1.0).targetGeometry(g), 1e-12));
    double moved = iso.centroidMm().orElseThrow().distanceMm(m.centroidMm().orElseThrow());
    assertTrue(moved < 0.5, "centroid moved by " + moved + " mm");
    double rel = Math.abs(iso.volumeMm3() - m.volumeMm3()) / m.volumeMm3();
    assertTrue(rel < 0.05, "volume changed by " + rel);
  }

  @Test
  void resample_maskKeepsOnlyInputLabels() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(9, 9, 4), new Spacing(0.9, 0.9, 3.0));
    byte[] m = new byte[g.dims().voxelCount()];
    for (int p = 0; p < m.length; p++) {
      m[p] = (byte) (p % 7 == 0 ? 200 : p % 5 == 0 ? 3 : 0);
    }
    Mask iso = Resampler.isotropic(1.0).resample(Mask.wrap(g, m));
    Set<Integer> labels = new HashSet<>();
    for (int p = 0; p < iso.dims().voxelCount(); p++) {
      labels.add(iso.get(p));
    }
    assertTrue(Set.of(0, 3, 200).containsAll(labels), labels.toString());
    assertTrue(labels.contains(200), labels.toString());
  }

  @Test
  void vote_largestWeightThenSmallerLabel() {
    int[] lab = {1, 1, 2, 2, 2, 0, 0, 0};
    float[] w = {0.2f, 0.2f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f};
    assertEquals(1, Resampler.vote(lab, w)); // 0.4 vs 0.3 vs 0.3
    float[] tie = {0.15f, 0.15f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.2f};
    assertEquals(0, Resampler.vote(lab, tie)); // 1: 0.3, 2: 0.3, 0: 0.4
    int[] two = {5, 5, 5, 5, 3, 3, 3, 3};
    float[] half = {0.125f, 0.125f, 0.125f, 0.125f, 0.125f, 0.125f, 0.125f, 0.125f};
    assertEquals(3, Resampler.vote(two, half)); // exact tie -> smaller label
  }
}
