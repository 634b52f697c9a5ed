package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Parallel;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.SiteProfile;

/**
 * The learning target: the small preset reaches validation AUC ≥ 0.85 on the phantom's
 * PUBLIC site within 10 minutes on 2 cores. Slow: run with {@code -Dgroups=slow -DexcludedGroups=
 * -Dtest=PublicSiteAucTest}. The recipe can be changed with {@code -Dclassifier.patches=N}, {@code
 * -Dclassifier.epochs=N}, {@code -Dclassifier.batch=N}, {@code -Dclassifier.lr=X}, {@code
 * -Dclassifier.seed=S} and the network options of {@link #arch()}.
 *
 * <p>The tuned recipe ({@link ClassifierRecipe#tuned()}, the CLI's default) at 12 epochs on 1000
 * patches, one nodule each (800 training and 200 validation cubes, every fifth patient held out):
 * {@link ResNet3d#small()} (which looks at the central 32³ of each cube), batch 8, Adam at 2e-3
 * with cosine decay, weight decay 1e-4, balanced sampling, flips, 90° rotations and translations of
 * up to 3 voxels, the last epoch kept. Measured on one pinned core of the 2-core machine:
 * validation AUC 0.869 at epoch 12 (one view; 0.876 at epoch 10), 242 s in all (23 s of cube
 * preparation). The former recipe (no translation, the lowest validation loss's epoch kept) reached
 * 0.904 at its best epoch 11 in 464 s on a slower day; with trainer seed 8: 0.878. With 800 patches
 * (640 / 160) that recipe reached 0.878 in 356 s, with 600 patches and 10 epochs only 0.838 in 238
 * s. Without the crop (the whole 32×64×64 cube) the same data took 1029 s for 10 epochs and reached
 * 0.89.
 */
@Tag("slow")
class PublicSiteAucTest {

  @Test
  void smallPreset_reachesValidationAuc085_onPublicSite() throws IOException {
    int patches = Integer.getInteger("classifier.patches", 1000);
    // the tuned recipe (the CLI's default) at the 12 epochs that 800 training cubes need (its
    // default epochs are for sites of about a hundred nodules); system properties override it
    ClassifierRecipe tuned = ClassifierRecipe.tuned();
    ClassifierRecipe recipe =
        tuned
            .withEpochs(Integer.getInteger("classifier.epochs", 12))
            .withBatchSize(Integer.getInteger("classifier.batch", tuned.batchSize()))
            .withLearningRate(
                Double.parseDouble(
                    System.getProperty("classifier.lr", Double.toString(tuned.learningRate()))));
    int epochs = recipe.epochs();
    int batch = recipe.batchSize();
    double lr = recipe.learningRate();
    System.out.println("network " + arch());
    long t0 = System.nanoTime();
    Phantom ph = Phantom.builder().profile(SiteProfile.PUBLIC).seed(2023).build();
    CubePreprocessing prep = CubePreprocessing.defaults();
    List<LabelledCube> train = new ArrayList<>();
    List<LabelledCube> val = new ArrayList<>();
    // patches are one patient each: every fifth patient is held out for validation; patches are
    // made in chunks so that only their cubes stay in memory
    for (int from = 0; from < patches; from += 100) {
      int to = Math.min(patches, from + 100);
      int first = from;
      AnnotatedScan[] scans = new AnnotatedScan[to - from];
      Parallel.forEach(scans.length, i -> scans[i] = ph.nodulePatch(first + i));
      for (int i = 0; i < scans.length; i++) {
        ((first + i) % 5 == 4 ? val : train).addAll(prep.labelledCubes(scans[i]));
      }
    }
    double prepSeconds = (System.nanoTime() - t0) / 1e9;
    TrainingResult r =
        recipe
            .trainer()
            .seed(Long.getLong("classifier.seed", 7))
            .preprocessing(prep.toMap())
            .listener(TrainingListener.logging())
            .build()
            .fit(arch(), train, val);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long malignantVal = val.stream().filter(LabelledCube::malignant).count();
    System.out.printf(
        Locale.ROOT,
        "PUBLIC: %d train / %d validation cubes (%d malignant), epochs %d, batch %d, lr %s,"
            + " cube prep %.0f s, total %.0f s, load %s%n%s",
        train.size(),
        val.size(),
        malignantVal,
        epochs,
        batch,
        lr,
        prepSeconds,
        seconds,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        r.learningCurve());
    double aucAtBest = r.history().get(r.bestEpoch() - 1).validationAuc();
    assertTrue(val.size() >= 150, "validation cubes " + val.size());
    assertTrue(aucAtBest >= 0.85, "validation AUC " + aucAtBest + "\n" + r.learningCurve());
    assertTrue(seconds <= 600, "took " + seconds + " s");
  }

  /**
   * The small preset, or a variant of it: {@code -Dclassifier.crop=DxHxW} or {@code none}, {@code
   * -Dclassifier.stemStride=ZxYxX}, {@code -Dclassifier.stemPool=false}.
   */
  private static ResNet3d arch() {
    String crop = System.getProperty("classifier.crop", "32x32x32");
    String stride = System.getProperty("classifier.stemStride");
    String pool = System.getProperty("classifier.stemPool");
    if (crop.equals("32x32x32") && stride == null && pool == null) {
      return ClassifierRecipe.tuned().network();
    }
    ResNet3d.Builder b = ResNet3d.builder().depth(10).widthMultiplier(0.25).stemKernel(3);
    int[] st = parse(stride == null ? "2x2x2" : stride);
    b.stemStride(st[0], st[1], st[2]);
    if (!crop.equals("none")) {
      int[] c = parse(crop);
      b.centerCrop(c[0], c[1], c[2]);
    }
    if (pool != null) {
      b.stemPool(Boolean.parseBoolean(pool));
    }
    return b.build();
  }

  private static int[] parse(String dims) {
    return java.util.Arrays.stream(dims.split("x")).mapToInt(Integer::parseInt).toArray();
  }
}
