package org.lungnodule.models.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.models.HostileArchives;
import org.lungnodule.models.ModelArchive;

/**
 * Coverage-guided fuzzing of the model archive reader ({@link ModelArchive#read(Path)}, which
 * {@code classify}, {@code segment} and checkpoint resume go through). In the default suite this
 * replays the committed inputs under {@code ModelArchiveFuzzTestInputs/} (see the README there for
 * how they were made); {@code JAZZER_FUZZ=1} fuzzes one target at a time. An accepted archive must
 * have a kind, a provenance and the network its type names; the only other accepted outcome is an
 * {@link IOException} (the documented failure: a {@code ModelArchiveException} naming the file).
 * The memory budget is 32 MiB while fuzzing, so no input may make the reader allocate more than
 * that.
 *
 * <ul>
 *   <li>{@link #read(byte[])} takes the bytes as a whole model file;
 *   <li>{@link #network(byte[])} builds a valid archive around the bytes, so that mutations reach
 *       the network entry's contents instead of breaking zip checksums: the first byte chooses the
 *       network type; for a {@code ComputationGraph} the rest is a list of inner entries, each a
 *       1-byte name length, the name, a 4-byte big-endian length and the bytes; for a {@code
 *       SameDiff} the rest is the network entry itself.
 * </ul>
 */
class ModelArchiveFuzzTest {

  private static Path dir;
  private static Map<String, byte[]> template;

  @BeforeAll
  static void setUp() throws IOException {
    MemoryBudget.setLimit(32L << 20);
    dir = Files.createTempDirectory("fuzz-model");
    template = ModelArchiveFuzzInputs.outerTemplate(dir.resolve("template.zip"));
  }

  @AfterAll
  static void tearDown() throws IOException {
    MemoryBudget.clearLimit();
    Files.deleteIfExists(dir.resolve("template.zip"));
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "60s")
  void read(byte[] data) throws IOException {
    Path f = dir.resolve("m.zip");
    try {
      Files.write(f, data);
      assertReadable(ModelArchive.read(f));
    } catch (IOException expected) {
      // the documented failure
    } finally {
      Files.deleteIfExists(f);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void network(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    boolean sameDiff = (data[0] & 1) == 1;
    byte[] net;
    if (sameDiff) {
      net = java.util.Arrays.copyOfRange(data, 1, data.length);
    } else {
      net = HostileArchives.zip(ModelArchiveFuzzInputs.decodeEntries(data, 1), true);
    }
    Map<String, byte[]> outer = new LinkedHashMap<>(template);
    outer.put(ModelArchive.MARKER_ENTRY, marker(sameDiff ? "SameDiff" : "ComputationGraph"));
    outer.put("network.bin", net);
    Path f = dir.resolve("n.zip");
    try {
      Files.write(f, HostileArchives.zip(outer, true));
      ModelArchive a = ModelArchive.read(f);
      assertReadable(a);
      assertEquals("fuzz", a.kind(), "the kind the marker and the provenance agree on");
      assertEquals(!sameDiff, a.isComputationGraph(), "the network type the marker names");
    } catch (IOException expected) {
      // the documented failure
    } finally {
      Files.deleteIfExists(f);
    }
  }

  /**
   * What the reader promises for an archive it accepts: a kind, a provenance, and the network its
   * type says it holds.
   */
  private static void assertReadable(ModelArchive a) {
    assertFalse(a.kind().isBlank(), "a blank model kind");
    assertNotNull(a.provenance(), "provenance");
    assertNotNull(a.isComputationGraph() ? a.graph() : a.sameDiff(), "network");
  }

  private static byte[] marker(String type) {
    return ("format="
            + ModelArchive.FORMAT
            + "\nformatVersion="
            + ModelArchive.FORMAT_VERSION
            + "\nmodelKind=fuzz\nnetworkType="
            + type
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
