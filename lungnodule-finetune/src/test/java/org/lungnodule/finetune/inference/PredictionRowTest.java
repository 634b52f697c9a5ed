package org.lungnodule.finetune.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.NoduleLabel;

class PredictionRowTest {

  @Test
  void csvLine_labelsAndShortestScore() {
    assertEquals(
        "p1,n1,1,0.25", new PredictionRow("p1", "s1", "n1", NoduleLabel.MALIGNANT, 0.25).csvLine());
    assertEquals(
        "p1,n2,0,1.0", new PredictionRow("p1", "s1", "n2", NoduleLabel.BENIGN, 1.0).csvLine());
    assertEquals(
        "p1,n3,,0.1", new PredictionRow("p1", "s1", "n3", NoduleLabel.UNKNOWN, 0.1).csvLine());
  }

  @Test
  void csvLine_quotesCommaAndQuote() {
    assertEquals(
        "\"a,b\",\"say \"\"x\"\"\",0,0.5",
        new PredictionRow("a,b", "s", "say \"x\"", NoduleLabel.BENIGN, 0.5).csvLine());
  }

  @Test
  void score_outOfRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PredictionRow("p", "s", "n", NoduleLabel.BENIGN, 1.5));
    assertEquals("score must be in [0, 1], got 1.5", e.getMessage());
  }

  @Test
  void scanClassification_csvAndCounts() {
    ScanClassification c =
        new ScanClassification(
            "s1",
            List.of(
                new PredictionRow("p1", "s1", "n1", NoduleLabel.MALIGNANT, 0.75),
                new PredictionRow("p1", "s1", "n2", NoduleLabel.BENIGN, 0.5)),
            2);
    assertEquals("patient,nodule,label,score\np1,n1,1,0.75\np1,n2,0,0.5\n", c.csv());
    assertEquals(1, c.malignant());
    assertEquals(2, c.skippedUnlabelled());
  }
}
