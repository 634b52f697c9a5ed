package org.lungnodule.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.finetune.MixedSet.Origin;

class DatasetMixerTest {

  record Case(String id, NoduleLabel label) {}

  static List<Case> cases(String prefix, int m, int b) {
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      out.add(new Case(prefix + "M" + i, NoduleLabel.MALIGNANT));
    }
    for (int i = 0; i < b; i++) {
      out.add(new Case(prefix + "B" + i, NoduleLabel.BENIGN));
    }
    return out;
  }

  private static DatasetMixer.Builder<Case> mixer() {
    return DatasetMixer.<Case>builder().labelOf(Case::label);
  }

  @Test
  void mix_paperComposition() {
    // LIDC train 344 M / 536 B; site fine-tune 172 M / 268 B; replace 50%
    MixedSet<Case> s = mixer().seed(7).build().mix(cases("L", 344, 536), cases("H", 172, 268));
    assertEquals(880, s.size());
    assertEquals(172, s.count(Origin.BASE, NoduleLabel.MALIGNANT));
    assertEquals(268, s.count(Origin.BASE, NoduleLabel.BENIGN));
    assertEquals(172, s.count(Origin.SITE, NoduleLabel.MALIGNANT));
    assertEquals(268, s.count(Origin.SITE, NoduleLabel.BENIGN));
    assertEquals(880, new HashSet<>(s.items()).size(), "no case twice");
  }

  @Test
  void mix_deterministic() {
    List<Case> base = cases("L", 30, 50);
    List<Case> site = cases("H", 20, 20);
    assertEquals(mixer().seed(3).build().mix(base, site), mixer().seed(3).build().mix(base, site));
    assertTrue(
        !mixer()
            .seed(3)
            .build()
            .mix(base, site)
            .items()
            .equals(mixer().seed(4).build().mix(base, site).items()));
  }

  @Test
  void mix_stratifiedRemovalRounding() {
    // 10 base (3 M / 7 B), replace 0.3 → remove 3: 0.9 M and 2.1 B → 1 M, 2 B (largest remainder)
    MixedSet<Case> s =
        mixer().replaceFraction(0.3).seed(1).build().mix(cases("L", 3, 7), cases("H", 5, 5));
    assertEquals(2, s.count(Origin.BASE, NoduleLabel.MALIGNANT));
    assertEquals(5, s.count(Origin.BASE, NoduleLabel.BENIGN));
    assertEquals(
        3, s.count(Origin.SITE, NoduleLabel.MALIGNANT) + s.count(Origin.SITE, NoduleLabel.BENIGN));
    assertEquals(10, s.size());
  }

  @Test
  void mix_smallSiteOversampled() {
    MixedSet<Case> s =
        mixer()
            .replaceFraction(0.5)
            .oversampleSite(true)
            .seed(1)
            .build()
            .mix(cases("L", 10, 10), cases("H", 2, 2));
    assertEquals(20, s.size());
    assertEquals(
        10, s.count(Origin.SITE, NoduleLabel.MALIGNANT) + s.count(Origin.SITE, NoduleLabel.BENIGN));
    assertEquals(5, s.count(Origin.SITE, NoduleLabel.MALIGNANT));
  }

  @Test
  void mix_smallSiteNotOversampledShrinks() {
    MixedSet<Case> s =
        mixer().replaceFraction(0.5).seed(1).build().mix(cases("L", 10, 10), cases("H", 2, 2));
    assertEquals(14, s.size());
  }

  @Test
  void mix_notKeepingTotalAddsAllSite() {
    MixedSet<Case> s =
        mixer()
            .replaceFraction(0.25)
            .keepTotalSize(false)
            .seed(1)
            .build()
            .mix(cases("L", 4, 4), cases("H", 7, 1));
    assertEquals(6 + 8, s.size());
    assertEquals(7, s.count(Origin.SITE, NoduleLabel.MALIGNANT));
  }

  @Test
  void replaceFraction_outOfRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> mixer().replaceFraction(1.5));
    assertTrue(e.getMessage().contains("1.5"));
  }

  @Test
  void replaceFraction_setTwice() {
    assertThrows(
        IllegalStateException.class, () -> mixer().replaceFraction(0.1).replaceFraction(0.2));
  }

  @Test
  void build_oversampleWithoutKeepTotal() {
    assertThrows(
        IllegalStateException.class,
        () -> mixer().keepTotalSize(false).oversampleSite(true).build());
  }

  @Test
  void mix_emptyBase() {
    assertThrows(
        IllegalArgumentException.class, () -> mixer().build().mix(List.of(), cases("H", 1, 1)));
  }
}
