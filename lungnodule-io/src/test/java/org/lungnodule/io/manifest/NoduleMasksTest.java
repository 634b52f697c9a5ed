package org.lungnodule.io.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/** Tiny hand-computed masks: parts by 26-connectivity, crop, centroid, equivalent diameter. */
class NoduleMasksTest {

  private static final Dims D = new Dims(3, 3, 3);

  private static byte[] voxels(int... ijk) {
    byte[] m = new byte[D.voxelCount()];
    for (int q = 0; q < ijk.length; q += 3) {
      m[D.index(ijk[q], ijk[q + 1], ijk[q + 2])] = 1;
    }
    return m;
  }

  @Test
  void parts_table() {
    assertEquals(0, NoduleMasks.parts(voxels(), D));
    assertEquals(1, NoduleMasks.parts(voxels(1, 1, 1), D));
    assertEquals(1, NoduleMasks.parts(voxels(0, 0, 0, 1, 1, 1), D), "corner neighbours touch");
    assertEquals(2, NoduleMasks.parts(voxels(0, 0, 0, 2, 2, 2), D));
    assertEquals(2, NoduleMasks.parts(voxels(0, 0, 0, 2, 0, 0), D));
    assertEquals(1, NoduleMasks.parts(voxels(0, 0, 0, 1, 1, 1, 2, 2, 2), D), "a diagonal chain");
  }

  @Test
  void measure_twoVoxels() {
    VolumeGeometry g =
        new VolumeGeometry(
            D,
            new Spacing(1, 2, 3),
            new WorldPoint(10, 20, 30),
            org.lungnodule.core.Direction.IDENTITY);
    NoduleMasks.Measured m = NoduleMasks.measure(Mask.wrap(g, voxels(1, 0, 2, 2, 0, 2)));
    assertEquals(new Dims(2, 1, 1), m.crop().dims());
    assertEquals(new WorldPoint(11, 20, 36), m.crop().geometry().origin());
    assertEquals(11.5, m.centerMm().xMm(), 1e-12);
    assertEquals(20, m.centerMm().yMm(), 1e-12);
    assertEquals(36, m.centerMm().zMm(), 1e-12);
    assertEquals(Math.cbrt(6 * 12 / Math.PI), m.diameterMm(), 1e-12); // 2 voxels of 6 mm³
    assertEquals(2, m.voxels());
    assertEquals(1, m.parts());
  }

  @Test
  void measure_empty() {
    assertThrows(
        IllegalArgumentException.class,
        () -> NoduleMasks.measure(Mask.empty(VolumeGeometry.of(D, new Spacing(1, 1, 1)))));
  }
}
