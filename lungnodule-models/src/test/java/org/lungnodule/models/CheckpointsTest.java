package org.lungnodule.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

  @TempDir Path dir;

  private static final RunFingerprint RUN = RunFingerprint.of("data-a", 2, 1, Map.of("crops", "2"));
  private static final RunFingerprint OTHER =
      RunFingerprint.of("data-a", 3, 2, Map.of("crops", "3"));

  @Test
  void latest_emptyFolder() throws IOException {
    assertTrue(Checkpoints.in(dir.resolve("none"), RUN).latest().isEmpty());
  }

  @Test
  void saveLatest_keepsUpdaterState_soTrainingContinuesIdentically() throws IOException {
    ComputationGraph a = TinyNets.dense(3);
    TinyNets.fitOnce(a);
    Checkpoints cp = Checkpoints.in(dir, RUN);
    cp.saveLatest(a, 1, Map.of("bestLoss", "0.5"));
    Checkpoints.Checkpoint back = cp.latest().orElseThrow();
    assertEquals(1, back.epochsDone());
    assertEquals(Map.of("bestLoss", "0.5"), back.state());
    ComputationGraph b = back.graph();
    assertArrayEquals(
        a.getUpdater().getStateViewArray().toFloatVector(),
        b.getUpdater().getStateViewArray().toFloatVector(),
        0f);
    TinyNets.fitOnce(a);
    TinyNets.fitOnce(b);
    assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), 0f);
  }

  @Test
  void saveLatest_replacesAtomically() throws IOException {
    Checkpoints cp = Checkpoints.in(dir, RUN);
    cp.saveLatest(TinyNets.dense(1), 1, Map.of());
    cp.saveLatest(TinyNets.dense(1), 2, Map.of());
    assertEquals(2, cp.latest().orElseThrow().epochsDone());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void latest_corrupt() throws IOException {
    Checkpoints cp = Checkpoints.in(dir, RUN);
    Files.writeString(cp.latestFile(), "garbage");
    ModelArchiveException e = assertThrows(ModelArchiveException.class, cp::latest);
    assertTrue(e.getMessage().contains("latest.zip"), e.getMessage());
  }

  @Test
  void latest_otherRun_refusedBeforeReadingTheNetwork() throws IOException {
    Checkpoints.in(dir, RUN).saveLatest(TinyNets.dense(1), 1, Map.of());
    // a network that cannot be read: refusing the run must come first
    HostileArchives.rewrite(
        Checkpoints.in(dir, RUN).latestFile(),
        m -> {
          m.put("network.bin", new byte[] {1, 2, 3});
          return m;
        });
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Checkpoints.in(dir, OTHER).latest());
    assertTrue(e.getMessage().contains("latest.zip"), e.getMessage());
    assertTrue(
        e.getMessage().contains(RUN.summary()) && e.getMessage().contains(OTHER.summary()),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("seed 1") && e.getMessage().contains("seed 2"), e.getMessage());
  }

  @Test
  void latest_versionOne_refusedAsUnknownRun() throws IOException {
    Checkpoints cp = Checkpoints.in(dir, RUN);
    cp.saveLatest(TinyNets.dense(1), 1, Map.of());
    HostileArchives.rewrite(
        cp.latestFile(),
        m -> {
          m.put(
              "lungnodule-checkpoint.properties",
              "format=lungnodule-checkpoint\nformatVersion=1\nnetworkType=ComputationGraph\nepochsDone=1\n"
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
          return m;
        });
    IllegalStateException e = assertThrows(IllegalStateException.class, cp::latest);
    assertTrue(e.getMessage().contains("format version 1"), e.getMessage());
  }

  @Test
  void latest_unexpectedEntry_refused() throws IOException {
    Checkpoints cp = Checkpoints.in(dir, RUN);
    cp.saveLatest(TinyNets.dense(1), 1, Map.of());
    HostileArchives.rewrite(
        cp.latestFile(),
        m -> {
          m.put("objects/x", new byte[] {1});
          return m;
        });
    ModelArchiveException e = assertThrows(ModelArchiveException.class, cp::latest);
    assertTrue(e.getMessage().contains("objects/x"), e.getMessage());
  }

  @Test
  void latest_serializedUpdaterState_neverDeserialized() throws IOException {
    Checkpoints cp = Checkpoints.in(dir, RUN);
    ComputationGraph a = TinyNets.dense(3);
    TinyNets.fitOnce(a);
    cp.saveLatest(a, 1, Map.of());
    HostileArchives.tripped = false;
    HostileArchives.rewriteNetwork(
        cp.latestFile(),
        m -> {
          try {
            m.put("updaterState.bin", HostileArchives.serialized(new HostileArchives.Tripwire()));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return m;
        });
    ModelArchiveException e = assertThrows(ModelArchiveException.class, cp::latest);
    assertTrue(e.getMessage().contains("updaterState.bin"), e.getMessage());
    assertFalse(HostileArchives.tripped);
  }

  @Test
  void latest_readsAsModelSerializerWould_withUpdaterState() throws IOException {
    ComputationGraph a = TinyNets.dense(5);
    TinyNets.fitOnce(a);
    TinyNets.fitOnce(a);
    Checkpoints cp = Checkpoints.in(dir, RUN);
    cp.saveLatest(a, 2, Map.of());
    byte[] net;
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(cp.latestFile().toFile())) {
      net = z.getInputStream(z.getEntry("network.bin")).readAllBytes();
    }
    ComputationGraph old =
        org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(
            new java.io.ByteArrayInputStream(net), true);
    ComputationGraph now = cp.latest().orElseThrow().graph();
    assertEquals(old.getConfiguration().toJson(), now.getConfiguration().toJson());
    assertArrayEquals(old.params().toFloatVector(), now.params().toFloatVector(), 0f);
    assertArrayEquals(
        old.getUpdater().getStateViewArray().toFloatVector(),
        now.getUpdater().getStateViewArray().toFloatVector(),
        0f);
    TinyNets.fitOnce(old);
    TinyNets.fitOnce(now);
    assertArrayEquals(old.params().toFloatVector(), now.params().toFloatVector(), 0f);
  }
}
