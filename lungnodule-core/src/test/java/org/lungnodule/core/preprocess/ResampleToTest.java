package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;

class ResampleToTest {

  /** A thick-slice scan grid (0.7 x 0.7 x 2.5 mm) with an off-centre, non-integer origin. */
  private static final VolumeGeometry SCAN =
      new VolumeGeometry(
          new Dims(60, 56, 24),
          new Spacing(0.7, 0.7, 2.5),
          new WorldPoint(-20.3, 11.45, -101.2),
          Direction.IDENTITY);

  private static Mask sphere(VolumeGeometry g, WorldPoint c, double r) {
    Dims d = g.dims();
    byte[] m = new byte[d.voxelCount()];
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          WorldPoint p = g.voxelToWorld(i, j, k);
          double dx = p.xMm() - c.xMm(), dy = p.yMm() - c.yMm(), dz = p.zMm() - c.zMm();
          m[d.index(i, j, k)] = (byte) (dx * dx + dy * dy + dz * dz <= r * r ? 1 : 0);
        }
      }
    }
    return Mask.wrap(g, m);
  }

  @Test
  void coveringBox_handComputed() {
    VolumeGeometry grid = VolumeGeometry.of(new Dims(10, 10, 10), Spacing.isotropic(1.0));
    // 4 voxels of 0.5 mm from x = 2.25: faces at 2.0 and 4.0 mm, so grid voxels 2, 3, 4
    VolumeGeometry region =
        new VolumeGeometry(
            new Dims(4, 2, 1),
            Spacing.isotropic(0.5),
            new WorldPoint(2.25, 8.75, 9.1),
            Direction.IDENTITY);
    assertEquals(new VoxelBox(2, 9, 9, 5, 10, 10), grid.coveringBox(region));
    VolumeGeometry far =
        new VolumeGeometry(
            new Dims(2, 2, 2),
            Spacing.isotropic(1.0),
            new WorldPoint(50, 50, 50),
            Direction.IDENTITY);
    assertTrue(grid.coveringBox(far).isEmpty());
  }

  @Test
  void maskCrop_landsOnTheResampledScansVoxels() {
    WorldPoint c = SCAN.voxelToWorld(30.3, 27.6, 11.4);
    Mask full = sphere(SCAN, c, 6.0);
    Resampler iso = Resampler.isotropic(1.0);
    Mask isoFull = iso.resample(full);
    // a nodule crop of the original scan, with a background margin, as a site's mask file holds it
    Mask crop = RandomCropSampler.crop(full, new VoxelBox(18, 15, 7, 43, 41, 17));
    VolumeGeometry isoGrid = isoFull.geometry();
    VoxelBox box = isoGrid.coveringBox(crop.geometry());
    Mask onGrid = Resampler.resampleTo(isoGrid.crop(box)).resample(crop);
    Mask expected = RandomCropSampler.crop(isoFull, box);
    assertTrue(onGrid.geometry().sameGrid(expected.geometry(), 1e-9));
    assertEquals(expected.count(), onGrid.count());
    assertTrue(expected.count() > 100, "the sphere is in the crop: " + expected.count());
    for (int v = 0; v < expected.dims().voxelCount(); v++) {
      assertEquals(expected.get(v), onGrid.get(v), "voxel " + v);
    }
    // resampled on its own, the crop's grid is centred on the crop: not on the scan's voxels
    VolumeGeometry own = iso.targetGeometry(crop.geometry());
    double[] off = {
      isoGrid.worldToVoxel(own.origin()).i(),
      isoGrid.worldToVoxel(own.origin()).j(),
      isoGrid.worldToVoxel(own.origin()).k()
    };
    boolean fractional = false;
    for (double o : off) {
      fractional |= Math.abs(o - Math.rint(o)) > 1e-3;
    }
    assertTrue(fractional, "this case needs resampleTo: " + java.util.Arrays.toString(off));
  }

  @Test
  void outsideTheSource_isBackground() {
    WorldPoint c = SCAN.voxelToWorld(30, 28, 12);
    Mask crop = RandomCropSampler.crop(sphere(SCAN, c, 5.0), new VoxelBox(20, 18, 8, 40, 38, 16));
    VolumeGeometry isoGrid = Resampler.isotropic(1.0).targetGeometry(SCAN);
    Mask whole = Resampler.resampleTo(isoGrid).resample(crop);
    assertEquals(isoGrid.dims(), whole.dims());
    VoxelBox box = isoGrid.coveringBox(crop.geometry());
    int inside = 0;
    for (int k = 0; k < isoGrid.dims().nz(); k++) {
      for (int j = 0; j < isoGrid.dims().ny(); j++) {
        for (int i = 0; i < isoGrid.dims().nx(); i++) {
          if (whole.get(isoGrid.dims().index(i, j, k)) != 0) {
            assertTrue(box.contains(i, j, k), "label outside the crop at " + i + "," + j + "," + k);
            inside++;
          }
        }
      }
    }
    assertTrue(inside > 100);
    CtVolume img = CtVolume.filled(crop.geometry(), 40f);
    CtVolume big = Resampler.resampleTo(isoGrid).resample(img);
    assertEquals(
        40f, big.get(isoGrid.dims().index(box.minI() + 1, box.minJ() + 1, box.minK() + 1)), 1e-4);
    assertEquals(Resampler.OUTSIDE_HU, big.get(0));
  }

  @Test
  void sameGrid_copiesVoxels() {
    float[] hu = new float[SCAN.dims().voxelCount()];
    for (int v = 0; v < hu.length; v++) {
      hu[v] = (v * 37 % 2001) - 1000;
    }
    CtVolume ct = CtVolume.wrap(SCAN, hu);
    CtVolume same = Resampler.resampleTo(SCAN).resample(ct);
    for (int v = 0; v < hu.length; v++) {
      assertEquals(hu[v], same.get(v), "voxel " + v);
    }
  }

  @Test
  void resampleTo_otherDirection() {
    VolumeGeometry flipped =
        new VolumeGeometry(
            SCAN.dims(),
            SCAN.spacing(),
            SCAN.origin(),
            Direction.ofRowMajor(-1, 0, 0, 0, 1, 0, 0, 0, 1));
    Resampler r = Resampler.resampleTo(flipped);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.resample(CtVolume.filled(SCAN, 0f)));
    assertTrue(e.getMessage().contains("direction cosines"), e.getMessage());
    assertThrows(NullPointerException.class, () -> Resampler.resampleTo(null));
  }
}
