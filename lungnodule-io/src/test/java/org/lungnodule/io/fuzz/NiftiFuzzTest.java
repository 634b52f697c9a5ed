package org.lungnodule.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.io.nifti.Nifti;

/**
 * Coverage-guided fuzzing of the NIfTI reader: the input as a file ({@link #readNii}: plain, or
 * gzip when it starts with the gzip magic, so corrupt gzip is fuzzed too), and the input
 * gzip-compressed ({@link #readNiiGz}: the decompressed content is fuzzed through the gzip path).
 * The memory budget is {@value #BUDGET_MB} MiB. Accepted outcomes: success or an {@link
 * IOException}.
 */
class NiftiFuzzTest {

  static final int BUDGET_MB = 64;

  @FuzzTest(maxDuration = "60s")
  void readNii(byte[] data) throws IOException {
    Path dir = Files.createTempDirectory("fuzz-nii");
    Path file = dir.resolve("x.nii");
    try {
      Files.write(file, data);
      read(file);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void readNiiGz(byte[] data) throws IOException {
    Path dir = Files.createTempDirectory("fuzz-niigz");
    Path file = dir.resolve("x.nii.gz");
    try {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(data);
      }
      read(file);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  private static void read(Path file) {
    MemoryBudget.setLimit((long) BUDGET_MB << 20);
    try {
      FuzzChecks.assertReadableVolume(Nifti.read(file));
      FuzzChecks.assertReadableMask(Nifti.readMask(file));
    } catch (IOException expected) {
      // the documented failure
    } finally {
      MemoryBudget.clearLimit();
    }
  }
}
