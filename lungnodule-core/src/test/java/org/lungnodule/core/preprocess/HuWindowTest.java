package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HuWindowTest {

  @Test
  void scale01_handCases() {
    float[][] cases = { // hu, lung, mediastinal, wide
      {-2000, 0, 0, 0},
      {-1000, 0, 0, 1f / 9},
      {-300, 0.5f, 0, 0.5f},
      {40, 1040f / 1400, 0.5f, 1240f / 1800},
      {600, 1, 1, 1},
      {3000, 1, 1, 1},
    };
    for (float[] c : cases) {
      assertEquals(c[1], HuWindow.LUNG.scale01(c[0]), 1e-6f, "lung " + c[0]);
      assertEquals(c[2], HuWindow.MEDIASTINAL.scale01(c[0]), 1e-6f, "mediastinal " + c[0]);
      assertEquals(c[3], HuWindow.WIDE.scale01(c[0]), 1e-6f, "wide " + c[0]);
    }
  }

  @Test
  void ofCenterWidth_bounds() {
    HuWindow w = HuWindow.ofCenterWidth(40, 400);
    assertEquals(HuWindow.MEDIASTINAL, w);
    assertEquals(40, w.centerHu(), 0);
    assertEquals(400, w.widthHu(), 0);
    assertEquals(240f, w.clip(1000f), 0f);
  }

  @Test
  void ofCenterWidth_negativeWidth() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HuWindow.ofCenterWidth(40, -5));
    assertTrue(e.getMessage().contains("-5.0"), e.getMessage());
  }

  @Test
  void constructor_highNotAboveLow() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new HuWindow(100, 100));
    assertTrue(e.getMessage().contains("[100.0, 100.0]"), e.getMessage());
  }

  @Test
  void constructor_nan() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new HuWindow(Double.NaN, 100));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }
}
