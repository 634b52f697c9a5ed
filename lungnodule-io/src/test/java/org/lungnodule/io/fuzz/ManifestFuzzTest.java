package org.lungnodule.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
      SiteManifest m = SiteManifest.read(csv);
      assertEquals(m, SiteManifest.read(csv), "the same file read twice");
      m.scanIds().forEach(id -> assertFalse(id.isBlank(), "a blank scan id in " + m));
    } catch (IOException expected) {
      // the documented failure
    } finally {
      Files.deleteIfExists(csv);
      Files.deleteIfExists(dir);
    }
  }
}
