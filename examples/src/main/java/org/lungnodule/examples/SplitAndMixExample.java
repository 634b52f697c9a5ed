package org.lungnodule.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.finetune.DatasetMixer;
import org.lungnodule.finetune.MixedSet;
import org.lungnodule.finetune.SiteSplit;
import org.lungnodule.finetune.SiteSplitter;

/**
 * Splits a site shaped like the paper's HB (963 nodules, 537 malignant / 426 benign) by patient
 * into a fine-tuning part of 172 M / 268 B and a test part, then replaces 50% of a public training
 * set shaped like LIDC's (344 M / 536 B) with the fine-tuning part.
 *
 * <p>Run: {@code java -cp ... org.lungnodule.examples.SplitAndMixExample}
 */
public final class SplitAndMixExample {

  /** A nodule of a case list: which patient, which class. */
  record Case(String patient, String id, NoduleLabel label) {}

  private SplitAndMixExample() {}

  /** Main. */
  public static void main(String[] args) {
    Random r = new Random(1);
    List<Case> site = new ArrayList<>();
    int m = 0;
    int b = 0;
    for (int p = 0; m < 537 || b < 426; p++) {
      int nodules = 1 + r.nextInt(3);
      for (int i = 0; i < nodules && (m < 537 || b < 426); i++) {
        boolean malignant = b >= 426 || (m < 537 && r.nextBoolean());
        site.add(
            new Case(
                "HB-" + p,
                "HB-" + p + "-" + i,
                malignant ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN));
        if (malignant) {
          m++;
        } else {
          b++;
        }
      }
    }
    SiteSplit<Case> split =
        SiteSplitter.builder()
            .fineTuneCounts(172, 268)
            .seed(7)
            .build()
            .split(site, Case::patient, Case::label);
    System.out.println("split: " + split.report());

    List<Case> lidcTrain = new ArrayList<>();
    for (int i = 0; i < 880; i++) {
      lidcTrain.add(
          new Case(
              "LIDC-" + i / 2, "LIDC-n" + i, i < 344 ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN));
    }
    MixedSet<Case> mixed =
        DatasetMixer.<Case>builder()
            .labelOf(Case::label)
            .replaceFraction(0.5)
            .seed(7)
            .build()
            .mix(lidcTrain, split.fineTune());
    System.out.println("mixed: " + mixed);
  }
}
