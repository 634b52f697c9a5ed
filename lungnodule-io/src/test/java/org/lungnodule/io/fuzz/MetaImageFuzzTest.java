package org.lungnodule.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DeflaterOutputStream;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.io.metaimage.MetaImage;

/**
 * Coverage-guided fuzzing of the MetaImage reader: a whole {@code .mha} ({@link #readMha}), and a
 * {@code .mhd} header beside fixed data files ({@link #readMhd}: {@code data.raw}, 4096 bytes;
 * {@code data.zraw}, 512 zero bytes zlib-compressed; {@code link.raw}, a link to {@code
 * ../secret.raw} outside the header's folder). The memory budget is {@value #BUDGET_MB} MiB.
 * Accepted outcomes: success or an {@link IOException}.
 */
class MetaImageFuzzTest {

  static final int BUDGET_MB = 64;

  /** The folder holding the fixed data files, made once per JVM. */
  private static final Path DATA = fixedData();

  private static Path fixedData() {
    try {
      Path root = Files.createTempDirectory("fuzz-mhd");
      Path in = Files.createDirectories(root.resolve("in"));
      byte[] raw = new byte[4096];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = (byte) (i * 31 + 7);
      }
      Files.write(in.resolve("data.raw"), raw);
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
        d.write(new byte[512]);
      }
      Files.write(in.resolve("data.zraw"), z.toByteArray());
      Files.write(root.resolve("secret.raw"), raw);
      try {
        Files.createSymbolicLink(in.resolve("link.raw"), root.resolve("secret.raw"));
      } catch (UnsupportedOperationException | IOException e) {
        // no links on this file system: the target still runs
      }
      for (Path p :
          new Path[] {
            in.resolve("link.raw"),
            in.resolve("data.zraw"),
            in.resolve("data.raw"),
            in,
            root.resolve("secret.raw"),
            root
          }) {
        p.toFile().deleteOnExit();
      }
      return in;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void readMha(byte[] data) throws IOException {
    Path dir = Files.createTempDirectory("fuzz-mha");
    Path file = dir.resolve("x.mha");
    try {
      Files.write(file, data);
      read(file);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void readMhd(byte[] header) throws IOException {
    Path file = Files.createTempFile(DATA, "x", ".mhd");
    try {
      Files.write(file, header);
      read(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void read(Path file) {
    MemoryBudget.setLimit((long) BUDGET_MB << 20);
    try {
      FuzzChecks.assertReadableVolume(MetaImage.read(file));
      FuzzChecks.assertReadableMask(MetaImage.readMask(file));
    } catch (IOException expected) {
      // the documented failure
    } finally {
      MemoryBudget.clearLimit();
    }
  }
}
