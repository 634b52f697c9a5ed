package org.lungnodule.io.internal;

import java.io.IOException;
import java.util.function.Function;
import org.lungnodule.core.Dims;
import org.lungnodule.core.MemoryBudget;

/**
 * Checks the memory a reader is about to allocate for an untrusted file against {@link
 * MemoryBudget}, with arithmetic that cannot overflow, and builds the one-line refusal.
 */
public final class Budget {

  /** Bytes per voxel of a volume read as {@code float} HU. */
  public static final int VOLUME = 4;

  /** Bytes per voxel of a mask: decoded as {@code float}s, then turned into byte labels. */
  public static final int MASK = 5;

  private Budget() {}

  /**
   * Returns {@code a × b} for non-negative factors, or -1 when either is negative (an earlier
   * overflow) or the product overflows a long.
   */
  public static long times(long a, long b) {
    if (a < 0 || b < 0) {
      return -1;
    }
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  /** Returns {@code a + b} for non-negative terms (-1 if either is -1 or the sum overflows). */
  public static long plus(long a, long b) {
    if (a < 0 || b < 0) {
      return -1;
    }
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  /**
   * Throws the error built from {@link MemoryBudget#refusal} unless {@code bytes} fit the budget.
   *
   * @param bytes the size about to be allocated; -1 (an overflowed product) never fits
   * @param what what declared it, for example {@code "the header declares 1290x1290x1290 voxels,
   *     read as 4-byte floats"}
   * @param error makes the reader's typed exception from the message
   * @throws E if the size does not fit
   */
  public static <E extends IOException> void require(
      long bytes, String what, Function<String, E> error) throws E {
    if (!MemoryBudget.allows(bytes)) {
      throw error.apply(MemoryBudget.refusal(bytes, what));
    }
  }

  /**
   * Checks the memory of a volume of {@code nx × ny × nz} voxels read as {@code bytesPerVoxel}
   * bytes per voxel ({@link #VOLUME} or {@link #MASK}).
   *
   * @param declarer what declares the size, for the message ({@code "the series"})
   * @throws E if it does not fit the budget
   */
  public static <E extends IOException> void requireVoxels(
      String declarer, long nx, long ny, long nz, int bytesPerVoxel, Function<String, E> error)
      throws E {
    require(
        times(times(times(nx, ny), nz), bytesPerVoxel),
        declarer
            + " declares "
            + nx
            + "x"
            + ny
            + "x"
            + nz
            + " voxels, read as "
            + (bytesPerVoxel == MASK ? "4-byte floats and 1-byte labels" : "4-byte floats"),
        error);
  }

  /**
   * Checks the memory of a volume of {@code dims}, declared by a file's header, read as {@code
   * bytesPerVoxel} bytes per voxel.
   *
   * @throws E if it does not fit the budget
   */
  public static <E extends IOException> void requireVoxels(
      Dims dims, int bytesPerVoxel, Function<String, E> error) throws E {
    requireVoxels("the header", dims.nx(), dims.ny(), dims.nz(), bytesPerVoxel, error);
  }
}
