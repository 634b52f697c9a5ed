package org.lungnodule.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VolumeGeometryTest {

  private static final double EPS = 1e-9;

  @Test
  void voxelToWorld_identity() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(10, 20, 30),
            new Spacing(0.5, 0.7, 2.5),
            new WorldPoint(-100, -50, 10),
            Direction.IDENTITY);
    WorldPoint w = g.voxelToWorld(2, 3, 4);
    assertEquals(-99.0, w.xMm(), EPS);
    assertEquals(-47.9, w.yMm(), EPS);
    assertEquals(20.0, w.zMm(), EPS);
  }

  @Test
  void voxelToWorld_rotatedDirection() {
    // voxel x runs along world -y, voxel y along world +x, voxel z along world +z
    Direction d =
        Direction.ofColumns(
            new double[] {0, -1, 0}, new double[] {1, 0, 0}, new double[] {0, 0, 1});
    VolumeGeometry g =
        new VolumeGeometry(new Dims(4, 4, 4), new Spacing(2, 3, 4), new WorldPoint(1, 2, 3), d);
    WorldPoint w = g.voxelToWorld(1, 1, 1);
    assertEquals(1 + 3, w.xMm(), EPS);
    assertEquals(2 - 2, w.yMm(), EPS);
    assertEquals(3 + 4, w.zMm(), EPS);
  }

  @Test
  void worldToVoxel_roundTripOblique() {
    double c = Math.cos(0.3);
    double s = Math.sin(0.3);
    Direction d = Direction.ofRowMajor(c, -s, 0, s, c, 0, 0, 0, 1);
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(50, 60, 70), new Spacing(0.7, 0.8, 1.25), new WorldPoint(-10, 20, -30), d);
    VoxelPoint p = new VoxelPoint(3.25, 17.5, 41.0);
    VoxelPoint back = g.worldToVoxel(g.voxelToWorld(p));
    assertEquals(p.i(), back.i(), 1e-9);
    assertEquals(p.j(), back.j(), 1e-9);
    assertEquals(p.k(), back.k(), 1e-9);
  }

  @Test
  void containsWorld_halfVoxelBorder() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(10, 10, 10), Spacing.isotropic(1));
    assertTrue(g.containsWorld(new WorldPoint(-0.5, 0, 0)));
    assertTrue(g.containsWorld(new WorldPoint(9.5, 9.5, 9.5)));
    assertFalse(g.containsWorld(new WorldPoint(9.6, 0, 0)));
  }

  @Test
  void sameGrid_tolerance() {
    VolumeGeometry a = VolumeGeometry.of(new Dims(2, 2, 2), Spacing.isotropic(1));
    VolumeGeometry b =
        new VolumeGeometry(
            new Dims(2, 2, 2),
            Spacing.isotropic(1.0000001),
            new WorldPoint(0, 0, 0),
            Direction.IDENTITY);
    assertTrue(a.sameGrid(b, 1e-4));
    assertFalse(a.sameGrid(b, 1e-9));
    assertFalse(a.sameGrid(a.withDims(new Dims(2, 2, 3)), 1e-4));
  }

  @Test
  void direction_singular() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Direction.ofRowMajor(1, 0, 0, 2, 0, 0, 0, 0, 1));
    assertTrue(e.getMessage().contains("singular"), e.getMessage());
  }

  @Test
  void direction_nan() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Direction.ofRowMajor(1, 0, 0, 0, Double.NaN, 0, 0, 0, 1));
  }

  @Test
  void direction_wrongLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Direction.ofRowMajor(1, 0, 0));
    assertTrue(e.getMessage().contains("got 3"), e.getMessage());
  }

  @Test
  void spacing_zeroNegativeNan() {
    for (double v : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new Spacing(1, v, 1));
      assertTrue(e.getMessage().contains(String.valueOf(v)), e.getMessage());
    }
  }

  @Test
  void dims_tooManyVoxels() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Dims(2048, 2048, 1024));
    assertTrue(e.getMessage().contains("4294967296"), e.getMessage());
  }

  @Test
  void dims_zero() {
    assertThrows(IllegalArgumentException.class, () -> new Dims(0, 1, 1));
  }

  @Test
  void dims_index_xFastest() {
    Dims d = new Dims(3, 4, 5);
    assertEquals(0, d.index(0, 0, 0));
    assertEquals(1, d.index(1, 0, 0));
    assertEquals(3, d.index(0, 1, 0));
    assertEquals(12, d.index(0, 0, 1));
    assertEquals(59, d.index(2, 3, 4));
  }
}
