package org.lungnodule.core;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  @AfterEach
  void reset() {
    MemoryBudget.clearLimit();
  }

  @Test
  void parse_units() {
    assertEquals(3L << 30, MemoryBudget.parse("3g"));
    assertEquals(512L << 20, MemoryBudget.parse("512M"));
    assertEquals(2048, MemoryBudget.parse("2k"));
    assertEquals(1000, MemoryBudget.parse("1000"));
    assertEquals(Runtime.getRuntime().maxMemory() / 100 * 40, MemoryBudget.parse("40%"));
  }

  @Test
  void parse_bad() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("lots"))
            .getMessage()
            .contains("got 'lots'"));
    assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("0"));
    assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("150%"));
    assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("99999999999999g"));
  }

  @Test
  void default_isHalfTheHeap() {
    if (System.getProperty(MemoryBudget.PROPERTY) == null) {
      assertEquals(Runtime.getRuntime().maxMemory() / 100 * 50, MemoryBudget.limit());
    }
  }

  @Test
  void allows_checksWithoutOverflow() {
    MemoryBudget.setLimit(1000);
    assertTrue(MemoryBudget.allows(1000));
    assertFalse(MemoryBudget.allows(1001));
    assertFalse(MemoryBudget.allows(-1));
    assertTrue(MemoryBudget.allows(250, 4));
    assertFalse(MemoryBudget.allows(251, 4));
    assertFalse(MemoryBudget.allows(Long.MAX_VALUE / 2, 8));
    assertThrows(IllegalArgumentException.class, () -> MemoryBudget.allows(-1, 2));
  }

  @Test
  void setLimit_nonPositive() {
    assertThrows(IllegalArgumentException.class, () -> MemoryBudget.setLimit(0));
  }

  @Test
  void refusal_namesBothSizes() {
    MemoryBudget.setLimit(3L << 30);
    String m =
        MemoryBudget.refusal(4L << 30, "the image declares 1290x1290x1290 voxels of 2 bytes");
    assertEquals(
        "the image declares 1290x1290x1290 voxels of 2 bytes (4.0 GiB), more than the memory"
            + " budget of 3.0 GiB (set lungnodule.memoryBudget to change it)",
        m);
    assertTrue(MemoryBudget.refusal(-1, "x").contains("more than 8 EiB"));
  }
}
