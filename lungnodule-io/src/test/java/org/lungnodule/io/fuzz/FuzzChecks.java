package org.lungnodule.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;

/**
 * What a reader promises when it accepts an input, asserted by the fuzz targets on every input that
 * reads: a volume or mask with at least one voxel, as many voxels as its dimensions say, and a
 * positive, finite spacing.
 */
final class FuzzChecks {
  private FuzzChecks() {}

  static void assertReadableVolume(CtVolume v) {
    dims(v.dims());
    spacing(v.spacing());
    assertEquals(v.dims().voxelCount(), v.copyVoxels().length, "voxels of " + v.dims());
  }

  static void assertReadableMask(Mask m) {
    dims(m.dims());
    spacing(m.geometry().spacing());
  }

  private static void dims(Dims d) {
    assertTrue(d.nx() >= 1 && d.ny() >= 1 && d.nz() >= 1, "dimensions " + d);
  }

  private static void spacing(Spacing s) {
    for (int axis = 0; axis < 3; axis++) {
      double mm = s.get(axis);
      assertTrue(mm > 0 && Double.isFinite(mm), "spacing " + s);
    }
  }
}
