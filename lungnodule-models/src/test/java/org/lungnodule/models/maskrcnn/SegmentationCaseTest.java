package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
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

class SegmentationCaseTest {

  /**
   * A 20³ mm scan at 1 mm with a 4³ nodule mask stored on its own cropped grid at voxels 10..13.
   */
  private static AnnotatedScan scanWithCroppedMask() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(20, 20, 20),
            Spacing.isotropic(1),
            new WorldPoint(-5, -5, -5),
            Direction.IDENTITY);
    CtVolume v = CtVolume.filled(g, -850f);
    VolumeGeometry mg =
        new VolumeGeometry(
            new Dims(4, 4, 4),
            Spacing.isotropic(1),
            g.voxelToWorld(10, 10, 10),
            Direction.IDENTITY);
    byte[] m = new byte[64];
    java.util.Arrays.fill(m, (byte) 1);
    Nodule n =
        new Nodule(
            "n1",
            g.voxelToWorld(11.5, 11.5, 11.5),
            4,
            NoduleLabel.BENIGN,
            Optional.of(Mask.wrap(mg, m)),
            List.of());
    return new AnnotatedScan("p", "s", v, List.of(n));
  }

  @Test
  void fromScanInsideLung_placesCroppedMaskByWorldPosition() {
    SegmentationCase c = SegmentationCase.fromScanInsideLung(scanWithCroppedMask());
    Mask labels = c.labels();
    assertEquals(64, labels.count());
    assertTrue(labels.isSet(10, 10, 10) && labels.isSet(13, 13, 13));
    assertTrue(!labels.isSet(9, 10, 10) && !labels.isSet(14, 13, 13));
    assertEquals(1, labels.get(12, 12, 12));
    // inside the lung everywhere: grt123 of -850 HU, never the outside value 170
    assertEquals((float) ((-850 + 1200) / 1800.0 * 255), c.input().get(0, 0, 0), 1e-3);
  }
}
