package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.io.phantom.Phantom;
import org.lungnodule.io.phantom.SiteProfile;
import org.lungnodule.models.TrainingListener;

/**
 * The learning target: the small preset reaches validation AUC ≥ 0.85 on the phantom's
 * PUBLIC site within 10 minutes on 2 cores. Slow: run with {@code -Dgroups=slow -DexcludedGroups=
 * -Dtest=PublicSiteAucTest}. Sizes can be changed with {@code -Dclassifier.patches=N} and {@code
 * -Dclassifier.epochs=N}.
 */
@Tag("slow")
class PublicSiteAucTest {

  @Test
  void smallPreset_reachesValidationAuc085_onPublicSite() throws IOException {
    int patches = Integer.getInteger("classifier.patches", 240);
    int epochs = Integer.getInteger("classifier.epochs", 8);
    long t0 = System.nanoTime();
    Phantom ph = Phantom.builder().profile(SiteProfile.PUBLIC).seed(2023).build();
    CubePreprocessing prep = CubePreprocessing.defaults();
    List<LabelledCube> train = new ArrayList<>();
    List<LabelledCube> val = new ArrayList<>();
    // patches are one patient each: every fifth patient is held out for validation
    List<AnnotatedScan> scans = ph.nodulePatches(patches);
    for (int i = 0; i < scans.size(); i++) {
      (i % 5 == 4 ? val : train).addAll(prep.labelledCubes(scans.get(i)));
    }
    double prepSeconds = (System.nanoTime() - t0) / 1e9;
    TrainingResult r =
        ClassifierTrainer.builder()
            .epochs(epochs)
            .batchSize(8)
            .learningRate(2e-3)
            .weightDecay(1e-4)
            .seed(7)
            .preprocessing(prep.toMap())
            .listener(TrainingListener.logging())
            .build()
            .fit(ResNet3d.small(), train, val);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double bestAuc = r.history().stream().mapToDouble(EpochRecord::validationAuc).max().orElse(0);
    System.out.printf(
        "PUBLIC: %d train / %d validation cubes, cube prep %.0f s, total %.0f s, load %s%n%s",
        train.size(), val.size(), prepSeconds, seconds,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        r.learningCurve());
    double aucAtBest = r.history().get(r.bestEpoch() - 1).validationAuc();
    assertTrue(aucAtBest >= 0.85, "validation AUC " + aucAtBest + "\n" + r.learningCurve());
    assertTrue(seconds <= 600, "took " + seconds + " s");
  }
}
