package org.lungnodule.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {

  @TempDir Path dir;

  private static Provenance prov(String kind) {
    return Provenance.now(kind, "feed", 7, Map.of("epochs", "3"));
  }

  @Test
  void write_read_roundTrip() throws IOException {
    ComputationGraph g = TinyNets.dense(1);
    TinyNets.fitOnce(g);
    Path f = dir.resolve("m.zip");
    ModelArchive.of(g, Map.of("cubeSize", "32x64x64"), prov("tiny")).write(f);

    ModelArchive back = ModelArchive.read(f, "tiny");
    assertEquals("tiny", back.kind());
    assertEquals(Map.of("cubeSize", "32x64x64"), back.preprocessing());
    assertEquals(prov("tiny").trainingDataHash(), back.provenance().trainingDataHash());
    assertEquals(Map.of("epochs", "3"), back.provenance().hyperparameters());
    assertArrayEquals(g.params().toFloatVector(), back.graph().params().toFloatVector(), 0f);
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temp file left beside the archive");
    }
  }

  @Test
  void write_sameDiffContentsLater_sameBytes() throws Exception {
    // a SameDiff network (the segmenter's); DL4J's ComputationGraph serializer writes an inner zip
    // with its own entry times, so graph archives are not byte-reproducible
    var g = org.nd4j.autodiff.samediff.SameDiff.create();
    g.var("w", org.nd4j.linalg.factory.Nd4j.ones(2, 2));
    Provenance p =
        new Provenance(
            "tiny",
            "feed",
            7,
            Map.of("epochs", "3"),
            "1.0",
            "1.0.0-M2.1",
            java.time.Instant.parse("2024-12-07T00:00:00Z"),
            java.util.Optional.empty(),
            java.util.Optional.empty());
    ModelArchive a = ModelArchive.of(g, Map.of(), p);
    a.write(dir.resolve("a.zip"));
    // zip entry times have a 2 s resolution: a later write would differ without the fixed time
    Thread.sleep(2100);
    a.write(dir.resolve("b.zip"));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("a.zip")), Files.readAllBytes(dir.resolve("b.zip")));
  }

  @Test
  void companions_roundTripAndRules() throws IOException {
    ComputationGraph main = TinyNets.dense(1);
    ComputationGraph side = TinyNets.dense(2);
    Path f = dir.resolve("m.zip");
    ModelArchive a =
        ModelArchive.of(main, Map.of("k", "main"), prov("tiny"))
            .withCompanion(
                "helper", ModelArchive.of(side, Map.of("k", "side"), prov("helper-kind")));
    a.write(f);
    ModelArchive back = ModelArchive.read(f, "tiny");
    assertEquals(Map.of("k", "main"), back.preprocessing());
    assertEquals(java.util.Set.of("helper"), back.companions().keySet());
    ModelArchive h = back.companion("helper").orElseThrow();
    assertEquals("helper-kind", h.kind());
    assertEquals(Map.of("k", "side"), h.preprocessing());
    assertArrayEquals(side.params().toFloatVector(), h.graph().params().toFloatVector(), 0f);
    assertArrayEquals(main.params().toFloatVector(), back.graph().params().toFloatVector(), 0f);
    assertTrue(back.companion("other").isEmpty());
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelArchive.of(main, Map.of(), prov("tiny")).withCompanion("a/b", h));
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelArchive.of(main, Map.of(), prov("tiny")).withCompanion("x", back));
  }

  @Test
  void companion_corruptNamesTheFile() throws IOException {
    Path f = dir.resolve("c.zip");
    ModelArchive.of(TinyNets.dense(1), Map.of(), prov("tiny"))
        .withCompanion("helper", ModelArchive.of(TinyNets.dense(2), Map.of(), prov("helper-kind")))
        .write(f);
    // drop the companion's weights
    Path g = dir.resolve("g.zip");
    try (var in = new java.util.zip.ZipFile(f.toFile());
        var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(g))) {
      for (var it = in.entries(); it.hasMoreElements(); ) {
        var e = it.nextElement();
        if (!e.getName().equals("companion/helper/network.bin")) {
          out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
          out.write(in.getInputStream(e).readAllBytes());
          out.closeEntry();
        }
      }
    }
    ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> ModelArchive.read(g));
    assertTrue(
        e.getMessage().contains("g.zip") && e.getMessage().contains("companion/helper/network.bin"),
        e.getMessage());
  }

  @Test
  void read_wrongKind() throws IOException {
    Path f = dir.resolve("m.zip");
    ModelArchive.of(TinyNets.dense(1), Map.of(), prov("maskrcnn")).write(f);
    ModelArchiveException e =
        assertThrows(ModelArchiveException.class, () -> ModelArchive.read(f, "tiny"));
    assertTrue(e.getMessage().contains("m.zip"), e.getMessage());
    assertTrue(e.getMessage().contains("'maskrcnn'"), e.getMessage());
    assertEquals(f, e.file());
  }

  @Test
  void read_notAZip() throws IOException {
    Path f = dir.resolve("junk.zip");
    Files.writeString(f, "this is not a model");
    ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> ModelArchive.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a lungnodule model archive"), e.getMessage());
  }

  @Test
  void read_truncated() throws IOException {
    Path f = dir.resolve("m.zip");
    ModelArchive.of(TinyNets.dense(1), Map.of(), prov("tiny")).write(f);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length / 2));
    assertThrows(ModelArchiveException.class, () -> ModelArchive.read(f));
  }

  @Test
  void read_corruptNetwork() throws IOException {
    Path f = dir.resolve("m.zip");
    ModelArchive.of(TinyNets.dense(1), Map.of(), prov("tiny")).write(f);
    byte[] all = Files.readAllBytes(f);
    // flip bytes in the middle of the network entry (the last and largest entry)
    for (int i = all.length / 2; i < all.length / 2 + 64; i++) {
      all[i] ^= 0x5A;
    }
    Files.write(f, all);
    ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> ModelArchive.read(f));
    assertTrue(e.getMessage().contains("m.zip"), e.getMessage());
  }

  @Test
  void read_plainDl4jModel() throws IOException {
    Path f = dir.resolve("plain.zip");
    TinyNets.dense(1).save(f.toFile(), false);
    ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> ModelArchive.read(f));
    assertTrue(e.getMessage().contains(ModelArchive.MARKER_ENTRY), e.getMessage());
  }

  @Test
  void read_missingFile() {
    assertThrows(NoSuchFileException.class, () -> ModelArchive.read(dir.resolve("none.zip")));
  }

  @Test
  void graph_onSameDiffArchive() throws IOException {
    var sd = org.nd4j.autodiff.samediff.SameDiff.create();
    sd.var("w", org.nd4j.linalg.factory.Nd4j.ones(2, 2));
    Path f = dir.resolve("sd.zip");
    ModelArchive.of(sd, Map.of(), prov("sd")).write(f);
    ModelArchive back = ModelArchive.read(f, "sd");
    assertEquals(4.0, back.sameDiff().getVariable("w").getArr().sumNumber().doubleValue(), 0);
    assertThrows(IllegalStateException.class, back::graph);
  }
}
