package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Spacing;

class MorphologyTest {

  @Test
  void components_sixConnectedAndSideFlags() {
    // 5x5x3: a centre voxel in slice 1, a diagonal neighbour (not 6-connected), and a voxel on i=0
    Dims d = new Dims(5, 5, 3);
    byte[] m = new byte[d.voxelCount()];
    m[d.index(2, 2, 1)] = 1;
    m[d.index(2, 2, 2)] = 1; // joined to the centre through z
    m[d.index(3, 3, 1)] = 1; // diagonal: separate
    m[d.index(0, 2, 1)] = 1; // on the side face
    Morphology.Components c = Morphology.components(m, d);
    assertEquals(3, c.count());
    int centre = c.labelAt(2, 2, 1);
    assertEquals(centre, c.labelAt(2, 2, 2));
    assertEquals(2, c.sizes()[centre]);
    assertFalse(c.touchesSide()[centre]);
    assertTrue(c.touchesSide()[c.labelAt(0, 2, 1)]);
    assertEquals(-1, c.labelAt(0, 0, 0));
    byte[] painted = new byte[d.voxelCount()];
    c.paint(painted, l -> l == centre);
    assertEquals(2, count(painted));
    assertEquals(1, painted[d.index(2, 2, 2)]);
  }

  @Test
  void components_runsJoinedThroughLaterRows() {
    // a U in one slice: two vertical bars joined by the bottom row, then a bar in the next slice
    Dims d = new Dims(7, 5, 2);
    byte[] m = new byte[d.voxelCount()];
    for (int j = 1; j < 4; j++) {
      m[d.index(1, j, 0)] = 1;
      m[d.index(5, j, 0)] = 1;
    }
    for (int i = 1; i < 6; i++) {
      m[d.index(i, 3, 0)] = 1;
    }
    m[d.index(3, 1, 1)] = 1; // not touching the U (above (3,1,0), which is empty)
    Morphology.Components c = Morphology.components(m, d);
    assertEquals(2, c.count());
    assertEquals(c.labelAt(1, 1, 0), c.labelAt(5, 1, 0));
    assertEquals(9, c.sizes()[c.labelAt(1, 1, 0)]);
    assertEquals(1, c.sizes()[c.labelAt(3, 1, 1)]);
  }

  @Test
  void fillHolesPerSlice_ring() {
    Dims d = new Dims(5, 5, 1);
    byte[] m = new byte[25];
    for (int j = 1; j <= 3; j++) {
      for (int i = 1; i <= 3; i++) {
        m[d.index(i, j, 0)] = (byte) ((i == 2 && j == 2) ? 0 : 1);
      }
    }
    Morphology.fillHolesPerSlice(m, d);
    assertEquals(1, m[d.index(2, 2, 0)]);
    assertEquals(0, m[d.index(0, 0, 0)]);
    assertEquals(9, count(m));
  }

  @Test
  void closeAndDilate_fillsNotchAndGrows() {
    // a 9x9x1 block with a 1-voxel notch on its edge; closing by 2 mm fills the notch only
    Dims d = new Dims(15, 15, 1);
    byte[] m = new byte[d.voxelCount()];
    for (int j = 3; j < 12; j++) {
      for (int i = 3; i < 12; i++) {
        m[d.index(i, j, 0)] = 1;
      }
    }
    m[d.index(7, 3, 0)] = 0;
    Morphology.closeAndDilate(m, d, Spacing.isotropic(1), 2.5, 0);
    assertEquals(1, m[d.index(7, 3, 0)]);
    assertEquals(81, count(m));
    Morphology.closeAndDilate(m, d, Spacing.isotropic(1), 0, 1);
    assertEquals(81 + 4 * 9, count(m));
  }

  @Test
  void convexHullPerSlice_fillsDentButNotDeepConcavity() {
    Dims d = new Dims(12, 12, 2);
    byte[] m = new byte[d.voxelCount()];
    // slice 0: a 6x6 square with a 2x2 bite out of one edge -> hull restores the square
    for (int j = 2; j < 8; j++) {
      for (int i = 2; i < 8; i++) {
        boolean bite = (i == 4 || i == 5) && (j == 2 || j == 3);
        m[d.index(i, j, 0)] = (byte) (bite ? 0 : 1);
      }
    }
    // slice 1: a thin L (hull would be ~2.8x its area) -> left alone
    for (int i = 1; i < 11; i++) {
      m[d.index(i, 1, 1)] = 1;
    }
    for (int j = 1; j < 11; j++) {
      m[d.index(1, j, 1)] = 1;
    }
    Morphology.convexHullPerSlice(m, d, 1.5);
    for (int j = 2; j < 8; j++) {
      for (int i = 2; i < 8; i++) {
        assertEquals(1, m[d.index(i, j, 0)], i + "," + j);
      }
    }
    assertEquals(36 + 19, count(m));
  }

  private static int count(byte[] m) {
    int n = 0;
    for (byte b : m) {
      n += b != 0 ? 1 : 0;
    }
    return n;
  }
}
