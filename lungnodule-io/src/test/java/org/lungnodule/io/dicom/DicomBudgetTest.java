package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.io.HostileFiles;

/**
 * DICOM sizes against the memory budget (issue 30): the volume, one slice's decoding and a deflated
 * data set are checked before they are allocated.
 */
class DicomBudgetTest {

  @TempDir Path tmp;

  static final Path ROOT = DicomReferenceTest.root();

  @AfterEach
  void budget() {
    MemoryBudget.clearLimit();
  }

  private static <E extends DicomException> E refused(Class<E> type, Path p) {
    E e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> assertThrows(type, () -> Dicom.readSeries(p)));
    assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  @Test
  void rle46340Squared_sixteenMegabytes_refusedByBudget() throws IOException {
    MemoryBudget.setLimit(3L << 30);
    Path p = HostileFiles.rleHuge(tmp, "huge-rle.dcm");
    DicomException e = refused(DicomSeriesException.class, p);
    assertTrue(
        e.getMessage()
            .contains("the file declares 46340x46340x1 voxels, read as 4-byte floats (8.0 GiB)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("more than the memory budget of 3.0 GiB"), e.getMessage());
  }

  @Test
  void rleSeriesPastLargestArray_refusedNotIllegalArgument() throws IOException {
    // two 46340x46340 slices are 4.3e9 voxels: past Java's largest array whatever the budget
    MemoryBudget.setLimit(Long.MAX_VALUE);
    Path dir = Files.createDirectories(tmp.resolve("two"));
    HostileFiles.rle(dir.resolve("a.dcm"), 46340, 46340, 16_600_000, 0);
    HostileFiles.rle(dir.resolve("b.dcm"), 46340, 46340, 16_600_000, 1);
    DicomException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> assertThrows(DicomSeriesException.class, () -> Dicom.readSeries(dir)));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
  }

  @Test
  void oneSlice_overBudget_refusedBeforeDecoding() {
    // CT_small: 128x128 16-bit = 32 KiB of pixels
    MemoryBudget.setLimit(16L << 10);
    Path p = ROOT.resolve("ct-small/CT_small.dcm");
    DicomException e = refused(DicomException.class, p);
    assertTrue(
        e.getMessage().contains("the file declares a 128x128 image of 16-bit pixels (32.0 KiB)"),
        e.getMessage());
  }

  @Test
  void volume_overBudget_refused() throws IOException {
    // one slice's 32 KiB fits, the 64 KiB of floats do not
    MemoryBudget.setLimit(48L << 10);
    Path p = ROOT.resolve("ct-small/CT_small.dcm");
    DicomException e = refused(DicomSeriesException.class, p);
    assertTrue(
        e.getMessage().contains("128x128x1 voxels, read as 4-byte floats (64.0 KiB)"),
        e.getMessage());
    MemoryBudget.setLimit(64L << 10);
    assertEquals(128 * 128, Dicom.readSeries(p).dims().voxelCount());
  }

  @Test
  void deflatedDataSet_overBudget_refused() {
    // the deflated CT_small inflates to about 39 KB
    MemoryBudget.setLimit(8L << 10);
    Path p = ROOT.resolve("variants/deflated/ct-small/CT_small.dcm");
    DicomException e = refused(DicomException.class, p);
    assertTrue(
        e.getMessage().contains("inflates to more than the memory budget of 8.0 KiB"),
        e.getMessage());
  }
}
