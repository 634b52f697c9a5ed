package org.lungnodule.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.LibraryInfo;

class ProvenanceTest {

  @Test
  void withHyperparameters_addsAndReplaces_keepsTheRest() {
    Provenance p =
        Provenance.now("k", "h", 3, java.util.Map.of("epochs", "2", "lr", "0.1"))
            .fineTunedFrom("parent", "HB");
    Provenance q = p.withHyperparameters(java.util.Map.of("epochs", "5", "run.commit", "unknown"));
    assertEquals(
        java.util.Map.of("epochs", "5", "lr", "0.1", "run.commit", "unknown"), q.hyperparameters());
    assertEquals(p.created(), q.created());
    assertEquals(p.parentModel(), q.parentModel());
    assertEquals(p.site(), q.site());
    assertEquals(q, Provenance.fromProperties(q.toProperties()));
  }

  @Test
  void withCreated_changesTheDateOnly() {
    Provenance p = Provenance.now("k", "h", 3, java.util.Map.of("epochs", "2"));
    Instant t = Instant.parse("2024-12-07T00:00:00Z");
    Provenance q = p.withCreated(t);
    assertEquals(t, q.created());
    assertEquals(p, q.withCreated(p.created()));
  }

  @Test
  void withHyperparameters_blankKey() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () ->
            Provenance.now("k", "h", 3, java.util.Map.of())
                .withHyperparameters(java.util.Map.of(" ", "x")));
  }

  @Test
  void hashTrainingData_orderDoesNotMatter() {
    assertEquals(
        Provenance.hashTrainingData(List.of("a", "b", "c"), List.of("d")),
        Provenance.hashTrainingData(List.of("c", "a", "b"), List.of("d")));
  }

  @Test
  void hashTrainingData_splitMatters() {
    assertNotEquals(
        Provenance.hashTrainingData(List.of("a", "b"), List.of("c")),
        Provenance.hashTrainingData(List.of("a", "c"), List.of("b")));
    assertNotEquals(
        Provenance.hashTrainingData(List.of("a", "b", "c"), List.of()),
        Provenance.hashTrainingData(List.of("a", "b"), List.of("c")));
  }

  @Test
  void hashTrainingData_isSha256OfFramedLists() {
    // printf 'train:1\na\nvalidation:0\n' | sha256sum
    assertEquals(
        "d011efc11e91f1edbd7e4ffa5313dca31f5badfcb7b8312344fe93ef3bb5e6c7",
        Provenance.hashTrainingData(List.of("a"), List.of()));
  }

  @Test
  void now_fillsVersions() {
    Provenance p = Provenance.now("resnet3d-classifier", "abc", 7, Map.of("lr", "0.001"));
    assertEquals(LibraryInfo.version(), p.libraryVersion());
    assertEquals("1.0.0-M2.1", p.dl4jVersion());
    assertEquals(Optional.empty(), p.parentModel());
  }

  @Test
  void properties_roundTrip() {
    Provenance p =
        new Provenance(
                "resnet3d-classifier",
                "abc123",
                -42,
                Map.of("lr", "0.001", "epochs", "3"),
                "0.1.0",
                "1.0.0-M2.1",
                Instant.parse("2026-11-26T23:00:00Z"),
                Optional.empty(),
                Optional.empty())
            .fineTunedFrom("baseline-abc", "HB");
    Provenance back = Provenance.fromProperties(p.toProperties());
    assertEquals(p, back);
    assertTrue(back.isFineTuned());
    assertEquals(Optional.of("HB"), back.site());
  }

  @Test
  void modelKind_blank() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Provenance.now(" ", "abc", 1, Map.of()));
    assertTrue(e.getMessage().contains("model kind"), e.getMessage());
  }

  @Test
  void fromProperties_missingKey() {
    var props = Provenance.now("k", "h", 1, Map.of()).toProperties();
    props.remove("seed");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Provenance.fromProperties(props));
    assertTrue(e.getMessage().contains("'seed'"), e.getMessage());
  }
}
