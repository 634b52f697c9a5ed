package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;

class RandomCropSamplerTest {

  private static final VolumeGeometry G =
      new VolumeGeometry(
          new Dims(60, 50, 40),
          Spacing.isotropic(1),
          new WorldPoint(-30, 10, 100),
          Direction.IDENTITY);
  private static final WorldPoint NODULE = G.voxelToWorld(45, 10, 30);

  private static CtVolume ramp() {
    float[] a = new float[G.dims().voxelCount()];
    for (int p = 0; p < a.length; p++) {
      a[p] = p % 997 - 500;
    }
    return CtVolume.wrap(G, a);
  }

  @Test
  void sampleBox_sameSeedSameBox() {
    RandomCropSampler a = RandomCropSampler.builder().size(16).seed(3).build();
    RandomCropSampler b = RandomCropSampler.builder().size(16).seed(3).build();
    Set<VoxelBox> distinct = new HashSet<>();
    for (int s = 0; s < 50; s++) {
      assertEquals(a.sampleBox(G, List.of(NODULE), s), b.sampleBox(G, List.of(NODULE), s));
      distinct.add(a.sampleBox(G, List.of(NODULE), s));
    }
    assertTrue(distinct.size() > 25, "distinct boxes " + distinct.size());
    RandomCropSampler c = RandomCropSampler.builder().size(16).seed(4).build();
    assertNotEquals(a.sampleBox(G, List.of(), 0), c.sampleBox(G, List.of(), 0));
  }

  @Test
  void sample_noduleProbabilityOneAlwaysContainsNodule() {
    RandomCropSampler s = RandomCropSampler.builder().size(16).noduleProbability(1).seed(1).build();
    for (int i = 0; i < 100; i++) {
      VoxelBox box = s.sampleBox(G, List.of(NODULE), i);
      assertTrue(box.contains(45, 10, 30), box.toString());
      // at least size/8 = 2 voxels from every face
      assertTrue(45 - box.minI() >= 2 && box.maxI() - 1 - 45 >= 2, box.toString());
    }
  }

  @Test
  void sample_noduleProbabilityIsHonoured() {
    RandomCropSampler s =
        RandomCropSampler.builder().size(8).noduleProbability(0.3).seed(9).build();
    int hits = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      if (s.sampleBox(G, List.of(NODULE), i).contains(45, 10, 30)) {
        hits++;
      }
    }
    // 0.3 by design plus a small chance (< 1%) that a uniform 8^3 box contains the voxel
    double rate = hits / (double) n;
    assertTrue(rate > 0.26 && rate < 0.35, "rate " + rate);
  }

  @Test
  void sample_cropsImageAndMaskIdentically() {
    CtVolume img = ramp();
    Mask mask = Phantoms.threshold(img, 0f);
    RandomCropSampler s =
        RandomCropSampler.builder().size(20, 16, 12).padValue(-1f).seed(5).build();
    for (int i = 0; i < 10; i++) {
      Crop c = s.sample(img, Optional.of(mask), List.of(NODULE), (long) i);
      Mask cm = c.mask().orElseThrow();
      assertEquals(new Dims(20, 16, 12), c.image().dims());
      VoxelBox b = c.box();
      assertEquals(
          0,
          c.image()
              .geometry()
              .voxelToWorld(0, 0, 0)
              .distanceMm(G.voxelToWorld(b.minI(), b.minJ(), b.minK())),
          1e-9);
      for (int p = 0; p < c.image().dims().voxelCount(); p += 7) {
        assertEquals(c.image().get(p) > 0 ? 1 : 0, cm.get(p));
      }
      assertEquals(b.contains(45, 10, 30), c.containsNodule());
    }
  }

  @Test
  void crop_padsOutsideWithPadValue() {
    CtVolume img = ramp();
    VoxelBox box = VoxelBox.ofSize(-2, 48, 38, 4, 4, 4);
    CtVolume c = RandomCropSampler.crop(img, box, 170f);
    assertEquals(170f, c.get(0, 0, 0), 0f);
    assertEquals(170f, c.get(3, 3, 3), 0f); // j = 51 is outside
    assertEquals(img.get(0, 48, 38), c.get(2, 0, 0), 0f);
    assertEquals(img.get(1, 49, 39), c.get(3, 1, 1), 0f);
    Mask m = RandomCropSampler.crop(Phantoms.threshold(img, -1e9f), box);
    assertEquals(0, m.get(0, 0, 0));
    assertEquals(1, m.get(2, 0, 0));
    assertEquals(2 * 2 * 2, m.count());
  }

  @Test
  void sample_largerThanVolumeWithPaddingIsPadded() {
    VolumeGeometry small = VolumeGeometry.of(new Dims(10, 10, 10), Spacing.isotropic(1));
    RandomCropSampler s = RandomCropSampler.builder().size(16).padValue(-1000f).seed(2).build();
    Crop c = s.sample(CtVolume.filled(small, 40f), Optional.empty(), List.of(), 0L);
    assertEquals(new Dims(16, 16, 16), c.image().dims());
    assertTrue(c.box().minI() <= 0 && c.box().maxI() >= 10, c.box().toString());
    assertEquals(1000L, countValue(c.image(), 40f));
    assertEquals(16 * 16 * 16 - 1000L, countValue(c.image(), -1000f));
  }

  private static long countValue(CtVolume v, float value) {
    long n = 0;
    for (int p = 0; p < v.dims().voxelCount(); p++) {
      n += v.get(p) == value ? 1 : 0;
    }
    return n;
  }

  @Test
  void sampleBox_cropLargerThanVolumeWithoutPadding() {
    RandomCropSampler s = RandomCropSampler.builder().padding(false).seed(1).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.sampleBox(G, List.of(), 0));
    assertTrue(
        e.getMessage().contains("128x128x128") && e.getMessage().contains("60x50x40"),
        e.getMessage());
  }

  @Test
  void sampleBox_withoutPaddingStaysInside() {
    RandomCropSampler s =
        RandomCropSampler.builder().size(32).noduleProbability(1).padding(false).seed(1).build();
    for (int i = 0; i < 50; i++) {
      VoxelBox b = s.sampleBox(G, List.of(NODULE), i);
      assertEquals(b, b.intersect(VoxelBox.of(G.dims())));
      assertTrue(b.contains(45, 10, 30));
    }
  }

  @Test
  void sample_maskOnOtherGrid() {
    RandomCropSampler s = RandomCropSampler.builder().size(8).seed(1).build();
    Mask other = Mask.empty(VolumeGeometry.of(new Dims(5, 5, 5), Spacing.isotropic(1)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.sample(ramp(), Optional.of(other), List.of(), 0L));
    assertTrue(e.getMessage().contains("5x5x5"), e.getMessage());
  }

  @Test
  void noduleProbability_outOfRange() {
    for (double p : new double[] {-0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> RandomCropSampler.builder().noduleProbability(p));
      assertTrue(e.getMessage().contains(String.valueOf(p)), e.getMessage());
    }
  }

  @Test
  void size_zero() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RandomCropSampler.builder().size(0, 128, 128));
    assertTrue(e.getMessage().contains("0x128x128"), e.getMessage());
  }

  @Test
  void size_setTwice() {
    RandomCropSampler.Builder b = RandomCropSampler.builder().size(64);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.size(128));
    assertTrue(e.getMessage().contains("64x64x64"), e.getMessage());
  }

  @Test
  void padValue_nan() {
    assertThrows(
        IllegalArgumentException.class, () -> RandomCropSampler.builder().padValue(Float.NaN));
  }

  @Test
  void seed_missing() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> RandomCropSampler.builder().build());
    assertTrue(e.getMessage().contains("seed"), e.getMessage());
  }

  @Test
  void seed_setTwice() {
    RandomCropSampler.Builder b = RandomCropSampler.builder().seed(1);
    assertThrows(IllegalStateException.class, () -> b.seed(2));
  }

  @Test
  void toString_showsOptions() {
    String s = RandomCropSampler.builder().seed(7).build().toString();
    assertTrue(s.contains("128x128x128") && s.contains("170.0") && s.contains("seed=7"), s);
  }
}
