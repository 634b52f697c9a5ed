package org.lungnodule.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Test
  void latest_emptyFolder() throws IOException {
    assertTrue(Checkpoints.in(dir.resolve("none")).latest().isEmpty());
  }

  @Test
  void saveLatest_keepsUpdaterState_soTrainingContinuesIdentically() throws IOException {
    ComputationGraph a = TinyNets.dense(3);
    TinyNets.fitOnce(a);
    Checkpoints cp = Checkpoints.in(dir);
    cp.saveLatest(a, 1, Map.of("bestLoss", "0.5"));
    Checkpoints.Checkpoint back = cp.latest().orElseThrow();
    assertEquals(1, back.epochsDone());
    assertEquals(Map.of("bestLoss", "0.5"), back.state());
    ComputationGraph b = back.graph();
    assertArrayEquals(a.getUpdater().getStateViewArray().toFloatVector(),
        b.getUpdater().getStateViewArray().toFloatVector(), 0f);
    TinyNets.fitOnce(a);
    TinyNets.fitOnce(b);
    assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), 0f);
  }

  @Test
  void saveLatest_replacesAtomically() throws IOException {
    Checkpoints cp = Checkpoints.in(dir);
    cp.saveLatest(TinyNets.dense(1), 1, Map.of());
    cp.saveLatest(TinyNets.dense(1), 2, Map.of());
    assertEquals(2, cp.latest().orElseThrow().epochsDone());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void latest_corrupt() throws IOException {
    Checkpoints cp = Checkpoints.in(dir);
    Files.writeString(cp.latestFile(), "garbage");
    ModelArchiveException e = assertThrows(ModelArchiveException.class, cp::latest);
    assertTrue(e.getMessage().contains("latest.zip"), e.getMessage());
  }
}
