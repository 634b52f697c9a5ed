package org.lungnodule.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lungnodule.io.manifest.SiteManifest;

/**
 * Coverage-guided fuzzing of the site manifest reader. In the default suite this replays the
 * committed inputs under {@code ManifestFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes (see
 * docs/fuzzing.md). The only accepted outcome besides success is an {@link IOException} (the
 * documented failure: a {@code ManifestException} naming the file and line, or a missing file).
 */
class ManifestFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void read(byte[] data) throws IOException {
    Path dir = Files.createTempDirectory("fuzz-manifest");
    Path csv = dir.resolve(SiteManifest.FILE_NAME);
    try {
      Files.write(csv, data);
      SiteManifest.read(csv);
    } catch (IOException expected) {
      // the documented failure
    } finally {
      Files.deleteIfExists(csv);
      Files.deleteIfExists(dir);
    }
  }
}
