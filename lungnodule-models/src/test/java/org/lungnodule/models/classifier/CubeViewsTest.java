package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CubeViewsTest {

  private static final int[] SHAPE = {2, 3, 4, 4};

  private static float[] distinctCube(int[] shape) {
    float[] a = new float[shape[0] * shape[1] * shape[2] * shape[3]];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
    }
    return a;
  }

  private static List<Float> key(float[] a) {
    List<Float> k = new java.util.ArrayList<>(a.length);
    for (float f : a) {
      k.add(f);
    }
    return k;
  }

  @Test
  void theSixteenViews_areTheTrainingAugmentationsGroup() {
    float[] cube = distinctCube(SHAPE);
    Set<List<Float>> views = new HashSet<>();
    for (int v = 0; v < 16; v++) {
      float[] out = new float[cube.length];
      CubeViews.copy(cube, out, 0, SHAPE, v);
      views.add(key(out));
    }
    assertEquals(16, views.size(), "16 distinct views");
    // every random flip/rotation that training draws is one of the views, and each view is drawn
    Set<List<Float>> augmented = new HashSet<>();
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 2000; i++) {
      float[] out = new float[cube.length];
      CubeAugment.randomCopy(cube, out, 0, SHAPE, rnd, true);
      augmented.add(key(out));
    }
    assertEquals(views, augmented);
  }

  @Test
  void viewZero_isTheCube_andTheFlipsAreTheirOwnInverse() {
    float[] cube = distinctCube(SHAPE);
    float[] out = new float[cube.length + 5];
    CubeViews.copy(cube, out, 5, SHAPE, 0);
    assertArrayEquals(cube, Arrays.copyOfRange(out, 5, out.length));
    for (int v = 1; v < 8; v++) {
      float[] once = new float[cube.length];
      float[] twice = new float[cube.length];
      CubeViews.copy(cube, once, 0, SHAPE, v);
      CubeViews.copy(once, twice, 0, SHAPE, v);
      assertArrayEquals(cube, twice, "view " + v);
    }
  }

  @Test
  void transposedViews_needASquarePlane() {
    int[] shape = {1, 2, 3, 4};
    assertEquals(8, CubeViews.max(shape));
    assertEquals(16, CubeViews.max(SHAPE));
    float[] cube = distinctCube(shape);
    float[] out = new float[cube.length];
    CubeViews.copy(cube, out, 0, shape, 7);
    assertThrows(IllegalArgumentException.class, () -> CubeViews.copy(cube, out, 0, shape, 8));
  }

  @Test
  void shiftedAugmentation_translatesWithRepeatedBorders() {
    int[] shape = {1, 1, 1, 8};
    float[] row = {0, 1, 2, 3, 4, 5, 6, 7};
    Set<List<Float>> seen = new HashSet<>();
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 500; i++) {
      float[] out = new float[8];
      CubeAugment.randomCopy(row, out, 0, shape, rnd, true, 2);
      seen.add(key(out));
    }
    // x flip (2) × shift −2…2 (5): the shifted row repeats its border value
    assertEquals(10, seen.size());
    assertEquals(true, seen.contains(key(new float[] {2, 3, 4, 5, 6, 7, 7, 7})));
    assertEquals(true, seen.contains(key(new float[] {0, 0, 0, 1, 2, 3, 4, 5})));
    assertEquals(true, seen.contains(key(new float[] {5, 4, 3, 2, 1, 0, 0, 0})));
  }
}
