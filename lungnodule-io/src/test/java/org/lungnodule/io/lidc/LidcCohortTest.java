package org.lungnodule.io.lidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.WorldPoint;

class LidcCohortTest {

  @TempDir Path dir;

  private static LidcCohort fixtures(LidcCohortRules rules) throws IOException {
    LidcClusterer c = LidcClusterer.builder().build();
    return LidcCohort.of(
        rules,
        List.of(
            new LidcCohort.Scan(
                "P4", "s4", c.cluster(LidcFixtures.parse("four_readers.xml"), LidcFixtures.GRID)),
            new LidcCohort.Scan(
                "P2",
                "s2",
                c.cluster(LidcFixtures.parse("two_readers_near_pair.xml"), LidcFixtures.GRID))));
  }

  @Test
  void of_paperRules_countsAndReasons() throws IOException {
    LidcCohort cohort = fixtures(LidcCohortRules.PAPER);
    assertEquals(2, cohort.count(NoduleLabel.MALIGNANT));
    assertEquals(2, cohort.count(NoduleLabel.BENIGN));
    List<String> reasons =
        cohort.excluded().stream()
            .map(x -> x.scanId() + "/" + x.noduleId() + ": " + x.reason())
            .toList();
    assertEquals(
        List.of(
            "s4/N3: rated by 0 readers, fewer than 2",
            "s4/N4: median malignancy 3.0 is indeterminate",
            "s2/N3: rated by 1 reader, fewer than 2",
            "s2/N4: diameter 2.83 mm is not above 3.0 mm"),
        reasons);
    LidcCohort.Entry first = cohort.included().get(0);
    assertEquals(NoduleLabel.MALIGNANT, first.nodule().label());
    assertEquals(4, first.readers());
    assertEquals(List.of(4, 5, 4, 3), first.nodule().malignancyRatings());
    assertTrue(first.nodule().mask().isPresent());
  }

  @Test
  void of_relaxedRules_keepSingleReaderAndSmall() throws IOException {
    LidcCohortRules rules = LidcCohortRules.builder().minRatings(1).minDiameterMm(2).build();
    LidcCohort cohort = fixtures(rules);
    // + s2/N3 (single reader, rating 5) and s2/N4 (2.83 mm, ratings 1, 2)
    assertEquals(3, cohort.count(NoduleLabel.MALIGNANT));
    assertEquals(3, cohort.count(NoduleLabel.BENIGN));
  }

  @Test
  void rules_validation() {
    assertThrows(IllegalArgumentException.class, () -> LidcCohortRules.builder().minRatings(0));
    assertThrows(IllegalArgumentException.class, () -> LidcCohortRules.builder().malignantAbove(6));
    assertThrows(
        IllegalStateException.class,
        () -> LidcCohortRules.builder().minDiameterMm(3).minDiameterMm(4));
    assertThrows(
        IllegalArgumentException.class,
        () -> LidcCohortRules.builder().benignBelow(4).malignantAbove(2).build());
  }

  private static LidcCohort synthetic(int patients) {
    List<LidcCohort.Scan> scans = new ArrayList<>();
    for (int p = 0; p < patients; p++) {
      List<LidcNodule> ns = new ArrayList<>();
      for (int k = 0; k < 1 + p % 3; k++) {
        int rating = (p + k) % 2 == 0 ? 5 : 1;
        List<LidcAnnotation> as =
            List.of(
                new LidcAnnotation(
                    0, "a", "x", Optional.of(rating), new WorldPoint(k, 0, 0), 6, 10),
                new LidcAnnotation(
                    1, "b", "y", Optional.of(rating), new WorldPoint(k, 0, 0), 6, 10));
        ns.add(new LidcNodule("N" + (k + 1), as, new WorldPoint(k, 0, 0), 6, Optional.empty()));
      }
      scans.add(new LidcCohort.Scan(String.format("LIDC-IDRI-%04d", p), "s" + p, ns));
    }
    return LidcCohort.of(LidcCohortRules.PAPER, scans);
  }

  @Test
  void split_eightTwo_byPatientAndSeeded() {
    LidcCohort cohort = synthetic(50);
    LidcCohort.Split s = cohort.split(0.8, 42);
    assertEquals(40, s.trainPatients().size());
    assertEquals(10, s.testPatients().size());
    Set<String> train = new HashSet<>(s.trainPatients());
    for (String p : s.testPatients()) {
      assertTrue(!train.contains(p));
    }
    assertTrue(s.train().stream().allMatch(e -> train.contains(e.patientId())));
    assertTrue(s.test().stream().noneMatch(e -> train.contains(e.patientId())));
    assertEquals(cohort.included().size(), s.train().size() + s.test().size());
    assertEquals(s, cohort.split(0.8, 42));
    assertNotEquals(s.testPatients(), cohort.split(0.8, 43).testPatients());
    assertThrows(IllegalArgumentException.class, () -> cohort.split(1.0, 1));
  }

  @Test
  void writeCsv_rowsWithSplit() throws IOException {
    LidcCohort cohort = fixtures(LidcCohortRules.PAPER);
    LidcCohort.Split s = cohort.split(0.5, 1);
    Path csv = dir.resolve("cohort.csv");
    cohort.writeCsv(csv, s);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(5, lines.size());
    assertTrue(lines.get(0).startsWith("patient_id,scan_id,nodule_id,center_x_mm"));
    assertTrue(
        lines
            .get(1)
            .matches(
                "P4,s4,N1,-1[12](\\.\\d+)?,-1[12](\\.\\d+)?,-94(\\.\\d+)?,[89](\\.\\d+)?,MALIGNANT,4,4 5 4 3,4,(train|test)"),
        lines.get(1));
  }
}
