package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.LungField;

class SegmentationCaseRasterTest {

  /** 48x40x30 at 1 mm: air, body 40 HU, one lung -850 HU; returns the geometry's scan. */
  private static CtVolume volume(VolumeGeometry g) {
    Dims d = g.dims();
    float[] hu = new float[d.voxelCount()];
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          boolean body = i >= 3 && i < 45 && j >= 3 && j < 37;
          boolean lung = body && i >= 8 && i < 40 && j >= 8 && j < 32 && k >= 3 && k < 27;
          hu[d.index(i, j, k)] = lung ? -850 : body ? 40 : -1000;
        }
      }
    }
    return CtVolume.wrap(g, hu);
  }

  @Test
  void fromScan_maskOnItsOwnCroppedGridIsMappedThroughWorld() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(48, 40, 30),
            Spacing.isotropic(1),
            new WorldPoint(-10, 5, 100),
            Direction.IDENTITY);
    // a 6x6x6 mask grid whose voxel (0,0,0) is scan voxel (20, 18, 12); a 2x2x2 cube set at (2..3)
    VolumeGeometry mg =
        new VolumeGeometry(
            new Dims(6, 6, 6),
            Spacing.isotropic(1),
            g.voxelToWorld(20, 18, 12),
            Direction.IDENTITY);
    byte[] m = new byte[216];
    for (int k = 2; k < 4; k++) {
      for (int j = 2; j < 4; j++) {
        for (int i = 2; i < 4; i++) {
          m[i + 6 * (j + 6 * k)] = 1;
        }
      }
    }
    Nodule n =
        Nodule.of("n", g.voxelToWorld(22.5, 20.5, 14.5), 2, NoduleLabel.BENIGN)
            .withMask(Mask.wrap(mg, m));
    SegmentationCase sc =
        SegmentationCase.fromScan(
            new AnnotatedScan("p", "s", volume(g), List.of(n)), LungField.builder().build());
    assertEquals(8, sc.labels().count());
    assertEquals(1, sc.labels().get(22, 20, 14));
    assertEquals(1, sc.labels().get(23, 21, 15));
    assertEquals(0, sc.labels().get(24, 20, 14));
    assertEquals(1, sc.centersMm().size());
    assertEquals(170f, sc.input().get(0, 0, 0), 1e-3f); // outside the lung field
  }

  @Test
  void fromScan_noduleWithoutMaskIsDrawnAsBall() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(48, 40, 30),
            Spacing.isotropic(1),
            new WorldPoint(0, 0, 0),
            Direction.IDENTITY);
    Nodule n = Nodule.of("n", g.voxelToWorld(24, 20, 15), 5, NoduleLabel.MALIGNANT);
    SegmentationCase sc =
        SegmentationCase.fromScan(
            new AnnotatedScan("p", "s", volume(g), List.of(n)), LungField.builder().build());
    // voxel centres within 2.5 mm of (24, 20, 15): 1 + 6 + 12 + 8 + 6 + 24 + 24 = 81
    assertEquals(81, sc.labels().count());
  }

  @Test
  void constructor_rejectsNonIsotropicInput() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(4, 4, 4), new Spacing(1, 1, 2), new WorldPoint(0, 0, 0), Direction.IDENTITY);
    assertThrows(
        IllegalArgumentException.class,
        () -> new SegmentationCase("x", CtVolume.filled(g, 170), Mask.empty(g), List.of()));
  }
}
