package org.lungnodule.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.NoduleLabel;

class SiteSplitterTest {

  record Case(String patient, String id, NoduleLabel label) {}

  /** A site shaped like HB: 963 nodules (537 M / 426 B) over ~540 patients with 1–4 nodules. */
  static List<Case> hbLikeSite(long seed) {
    Random r = new Random(seed);
    List<Case> cases = new ArrayList<>();
    int m = 0;
    int b = 0;
    int p = 0;
    while (m < 537 || b < 426) {
      int k = 1 + (r.nextDouble() < 0.3 ? r.nextInt(3) : 0);
      for (int i = 0; i < k; i++) {
        boolean mal = (m < 537 && r.nextDouble() < 0.56) || b >= 426;
        cases.add(
            new Case("P" + p, "P" + p + "-" + i, mal ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN));
        if (mal) {
          m++;
        } else {
          b++;
        }
        if (m >= 537 && b >= 426) {
          break;
        }
      }
      p++;
    }
    return cases;
  }

  @Test
  void split_paperCountsExactAndNoPatientLeak() {
    List<Case> site = hbLikeSite(1);
    SiteSplit<Case> s =
        SiteSplitter.builder()
            .fineTuneCounts(172, 268)
            .seed(7)
            .build()
            .split(site, Case::patient, Case::label);
    assertTrue(s.report().exact(), s.report().toString());
    assertEquals(
        172, s.fineTune().stream().filter(c -> c.label() == NoduleLabel.MALIGNANT).count());
    assertEquals(268, s.fineTune().stream().filter(c -> c.label() == NoduleLabel.BENIGN).count());
    assertEquals(537 - 172, s.report().testMalignant());
    assertEquals(426 - 268, s.report().testBenign());
    assertEquals(site.size(), s.fineTune().size() + s.test().size());
    Set<String> tuneP = new HashSet<>();
    s.fineTune().forEach(c -> tuneP.add(c.patient()));
    s.test()
        .forEach(
            c -> assertTrue(!tuneP.contains(c.patient()), "patient on both sides: " + c.patient()));
    assertEquals(tuneP.size(), s.report().fineTunePatients());
  }

  @Test
  void split_sameSeedSameResult_otherSeedOther() {
    List<Case> site = hbLikeSite(2);
    SiteSplitter a = SiteSplitter.builder().fineTuneCounts(100, 100).seed(3).build();
    assertEquals(
        a.split(site, Case::patient, Case::label), a.split(site, Case::patient, Case::label));
    SiteSplit<Case> other =
        SiteSplitter.builder()
            .fineTuneCounts(100, 100)
            .seed(4)
            .build()
            .split(site, Case::patient, Case::label);
    assertTrue(!other.fineTune().equals(a.split(site, Case::patient, Case::label).fineTune()));
  }

  @Test
  void split_closestWhenPatientsForbidExact() {
    // two patients with 2 M each: asking for 3 M can only give 2 or 4
    List<Case> site =
        List.of(
            new Case("A", "a1", NoduleLabel.MALIGNANT),
            new Case("A", "a2", NoduleLabel.MALIGNANT),
            new Case("B", "b1", NoduleLabel.MALIGNANT),
            new Case("B", "b2", NoduleLabel.MALIGNANT));
    SiteSplit<Case> s =
        SiteSplitter.builder()
            .fineTuneCounts(3, 0)
            .seed(1)
            .build()
            .split(site, Case::patient, Case::label);
    assertTrue(!s.report().exact());
    assertEquals(1, Math.abs(s.report().fineTuneMalignant() - 3));
  }

  @Test
  void split_notEnoughCases() {
    List<Case> site = List.of(new Case("A", "a", NoduleLabel.BENIGN));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SiteSplitter.builder()
                    .fineTuneCounts(1, 1)
                    .build()
                    .split(site, Case::patient, Case::label));
    assertTrue(e.getMessage().contains("0 malignant"), e.getMessage());
  }

  @Test
  void fineTuneCounts_negative() {
    assertThrows(
        IllegalArgumentException.class, () -> SiteSplitter.builder().fineTuneCounts(-1, 3));
  }

  @Test
  void fineTuneCounts_setTwice() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> SiteSplitter.builder().fineTuneCounts(1, 2).fineTuneCounts(3, 4));
    assertTrue(e.getMessage().contains("1 malignant"), e.getMessage());
  }

  @Test
  void build_withoutCounts() {
    assertThrows(IllegalStateException.class, () -> SiteSplitter.builder().build());
  }
}
