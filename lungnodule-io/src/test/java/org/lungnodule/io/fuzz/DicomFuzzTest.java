package org.lungnodule.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.io.dicom.Dicom;

/**
 * Coverage-guided fuzzing of the DICOM reader: one file, parsed ({@link Dicom#readFileInfo}) and
 * read as a one-slice series ({@link Dicom#readSeries}), pixel decoding included. Seeds are real CT
 * files in every supported transfer syntax (see {@code DicomFuzzTestInputs/PROVENANCE.md}). The
 * memory budget is {@value #BUDGET_MB} MiB, so no input may allocate much. Accepted outcomes:
 * success or an {@link IOException} (a {@code DicomException} naming the file).
 */
class DicomFuzzTest {

  static final int BUDGET_MB = 64;

  @FuzzTest(maxDuration = "60s")
  void readSeries(byte[] data) throws IOException {
    MemoryBudget.setLimit((long) BUDGET_MB << 20);
    Path dir = Files.createTempDirectory("fuzz-dicom");
    Path file = dir.resolve("IM0001.dcm");
    try {
      Files.write(file, data);
      try {
        Dicom.readFileInfo(file);
      } catch (IOException expected) {
        // the documented failure
      }
      try {
        FuzzChecks.assertReadableVolume(Dicom.readSeries(file));
      } catch (IOException expected) {
        // the documented failure
      }
    } finally {
      MemoryBudget.clearLimit();
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}
