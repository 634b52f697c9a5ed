package org.lungnodule.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ReadOnlyBufferException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CtVolumeTest {

  private static final VolumeGeometry G =
      VolumeGeometry.of(new Dims(3, 2, 2), Spacing.isotropic(2));

  @Test
  void wrap_nanVoxel() {
    float[] a = new float[12];
    a[7] = Float.NaN;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CtVolume.wrap(G, a));
    assertTrue(e.getMessage().contains("NaN at (1, 0, 1)"), e.getMessage());
  }

  @Test
  void wrap_lengthMismatch() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CtVolume.wrap(G, new float[11]));
    assertTrue(e.getMessage().contains("must be 12"), e.getMessage());
  }

  @Test
  void get_xFastest() {
    float[] a = new float[12];
    for (int i = 0; i < 12; i++) {
      a[i] = i;
    }
    CtVolume v = CtVolume.wrap(G, a);
    assertEquals(7f, v.get(1, 0, 1));
    assertEquals(11f, v.get(2, 1, 1));
  }

  @Test
  void voxels_readOnly() {
    CtVolume v = CtVolume.filled(G, -1000f);
    assertThrows(ReadOnlyBufferException.class, () -> v.voxels().put(0, 1f));
    float[] copy = v.copyVoxels();
    copy[0] = 5;
    assertEquals(-1000f, v.get(0));
  }

  @Test
  void mask_boundingBoxCentroidVolume() {
    byte[] m = new byte[12];
    m[G.dims().index(1, 0, 0)] = 1;
    m[G.dims().index(2, 1, 1)] = 1;
    Mask mask = Mask.wrap(G, m);
    assertEquals(2, mask.count());
    assertEquals(new VoxelBox(1, 0, 0, 3, 2, 2), mask.boundingBox());
    WorldPoint c = mask.centroidMm().orElseThrow();
    assertEquals(3.0, c.xMm(), 1e-12);
    assertEquals(1.0, c.yMm(), 1e-12);
    assertEquals(1.0, c.zMm(), 1e-12);
    assertEquals(16.0, mask.volumeMm3(), 1e-12);
    assertTrue(Mask.empty(G).isEmpty());
    assertTrue(Mask.empty(G).centroidMm().isEmpty());
  }

  @Test
  void mask_selectOneLabel() {
    byte[] m = {0, 2, 1, 2, 0, 0, 3, 2, 0, 0, 0, 1};
    Mask sel = Mask.wrap(G, m).select(2);
    assertEquals(3, sel.count());
    assertEquals(1, sel.get(1));
    assertEquals(0, sel.get(2));
    assertEquals(G, sel.geometry());
  }

  @Test
  void voxelBox_halfOpen() {
    VoxelBox b = VoxelBox.ofSize(1, 1, 1, 2, 3, 4);
    assertEquals(24, b.voxelCount());
    assertTrue(b.contains(2, 3, 4));
    assertTrue(!b.contains(3, 3, 4));
    assertEquals(new VoxelBox(2, 2, 2, 3, 4, 5), b.intersect(new VoxelBox(2, 2, 2, 9, 9, 9)));
    assertTrue(b.intersect(new VoxelBox(5, 5, 5, 6, 6, 6)).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new VoxelBox(2, 0, 0, 1, 1, 1));
  }

  @Test
  void nodule_validation() {
    WorldPoint c = new WorldPoint(1, 2, 3);
    assertThrows(IllegalArgumentException.class, () -> Nodule.of(" ", c, 5, NoduleLabel.BENIGN));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Nodule.of("n1", c, -2, NoduleLabel.BENIGN));
    assertTrue(e.getMessage().contains("-2.0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Nodule("n", c, 5, NoduleLabel.MALIGNANT, Optional.empty(), List.of(6)));
    Nodule n = new Nodule("n", c, 5, NoduleLabel.MALIGNANT, Optional.empty(), List.of(4, 2, 5, 3));
    assertEquals(3.5, n.medianRating().orElseThrow());
    assertEquals(2.5, n.radiusMm());
  }

  @Test
  void label_parse() {
    assertEquals(NoduleLabel.MALIGNANT, NoduleLabel.parse("malignant"));
    assertEquals(NoduleLabel.BENIGN, NoduleLabel.parse("0"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NoduleLabel.parse("maybe"));
    assertTrue(e.getMessage().contains("'maybe'"));
  }

  @Test
  void json_writesNestedValues() {
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("a", 1.5);
    m.put("b", List.of(1, 2));
    m.put("c", new double[] {0.25, Double.NaN});
    m.put("d", "q\"x");
    m.put("e", 3.0);
    assertEquals(
        "{\"a\":1.5,\"b\":[1,2],\"c\":[0.25,null],\"d\":\"q\\\"x\",\"e\":3}", Json.write(m));
  }

  @Test
  void parallel_coversEveryIndexOnce() {
    int[] hits = new int[1000];
    Parallel.forEach(1000, i -> hits[i]++);
    for (int h : hits) {
      assertEquals(1, h);
    }
  }

  @Test
  void libraryInfo_version() {
    assertTrue(LibraryInfo.version().matches("\\d+\\.\\d+\\.\\d+.*"), LibraryInfo.version());
  }
}
