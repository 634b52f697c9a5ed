package org.lungnodule.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.finetune.ClassifierTask;
import org.lungnodule.finetune.LocalizationResult;
import org.lungnodule.finetune.LocalizationWorkflow;
import org.lungnodule.finetune.SiteComparison;
import org.lungnodule.finetune.SiteSplit;
import org.lungnodule.finetune.SiteSplitter;
import org.lungnodule.models.classifier.ClassifierRecipe;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.ResNet3d;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;

/**
 * Localizes a malignancy classifier to a site, the paper's experiment for one model and one site:
 * train a baseline on public data, split the site by patient, replace half of the public training
 * set with the site's fine-tuning part, fine-tune from the baseline's weights, and compare baseline
 * and fine-tuned models on the site's held-out test part (AUC with DeLong's test), and against the
 * control arm, the baseline trained as long on public data only. For site folders on disk, {@code
 * org.lungnodule.report.Localization} (the {@code localize} command) does all of this for both
 * models and writes the report; this example shows the workflow underneath. Here the public data
 * and the site are the synthetic {@code PUBLIC} and {@code HB} phantom sites, small enough to run
 * in a minute or two; with real data, build the {@link LabelledCube}s from a site's scans ({@code
 * CubePreprocessing.labelledCubes}). The work folder keeps each step, so a killed run resumes.
 *
 * <p>Run: {@code java -cp ... org.lungnodule.examples.LocalizeExample [WORK_DIR]}
 */
public final class LocalizeExample {

  private LocalizeExample() {}

  /** Main: runs in the folder given, or in a temporary one. */
  public static void main(String[] args) throws IOException {
    Path work =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("lungnodule-localize");
    SiteComparison c = run(work, 96, 72, 7);
    SiteComparison.ClassifierComparison cc = c.classification().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "site %s: AUC baseline %.3f, continued %.3f -> fine-tuned %.3f; DeLong p = %s against the"
            + " baseline, %s against the continued model; localization helped: %b%n",
        c.site(),
        cc.baselineSite().auc().value(),
        cc.continuedSite().orElseThrow().auc().value(),
        cc.fineTunedSite().auc().value(),
        cc.comparison().delong().map(t -> String.format(Locale.ROOT, "%.3g", t.p())).orElse("-"),
        cc.versusContinued()
            .flatMap(x -> x.delong())
            .map(t -> String.format(Locale.ROOT, "%.3g", t.p()))
            .orElse("-"),
        c.localizationHelped());
  }

  /**
   * Runs the experiment on {@code publicCubes} nodules of the public site and {@code siteCubes} of
   * the local one.
   *
   * @param work folder for the models and each step's outcome (a rerun resumes)
   * @param publicCubes public nodules (80% train the baseline, 20% test it)
   * @param siteCubes site nodules (half fine-tune, half test)
   * @param seed every random choice
   * @return baseline, continued (the control arm) and fine-tuned on the site's test part, with the
   *     statistics
   * @throws IOException if the work folder cannot be written
   */
  public static SiteComparison run(Path work, int publicCubes, int siteCubes, long seed)
      throws IOException {
    List<LabelledCube> pub = cubes(SiteProfile.PUBLIC, publicCubes, seed);
    List<LabelledCube> site = cubes(SiteProfile.HB, siteCubes, seed);
    SiteSplit<LabelledCube> pubSplit = split(pub, 0.8, seed);
    SiteSplit<LabelledCube> siteSplit = split(site, 0.5, seed + 1); // no patient on both sides
    ClassifierRecipe tuned = ClassifierRecipe.tuned(); // its rate, batch and weight decay
    ClassifierTask task =
        new ClassifierTask(
            ResNet3d.small(),
            4,
            3,
            tuned.learningRate(),
            3e-4,
            tuned.batchSize(),
            tuned.weightDecay(),
            false,
            List.of());
    LocalizationResult r =
        LocalizationWorkflow.<LabelledCube, MalignancyClassifier>builder()
            .task(task)
            .workDir(work)
            .site("HB")
            .labelOf(c -> c.malignant() ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN)
            .publicTrain(pubSplit.fineTune())
            .publicTest(pubSplit.test())
            .siteFineTune(siteSplit.fineTune())
            .siteTest(siteSplit.test())
            .replaceFraction(0.5) // the paper's 50% replacement
            .seed(seed)
            .build()
            .run();
    return SiteComparison.of(r, 500, seed, 0.05);
  }

  /** One 1 mm nodule cube per phantom nodule patch. */
  static List<LabelledCube> cubes(SiteProfile profile, int n, long seed) {
    Phantom phantom = Phantom.builder().profile(profile).size(PhantomSize.QUICK).seed(seed).build();
    NoduleCubes nc = NoduleCubes.defaults();
    Resampler iso = Resampler.isotropic(1.0);
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(
            i -> {
              AnnotatedScan patch = phantom.nodulePatch(i);
              Nodule nod = patch.nodules().get(0);
              return LabelledCube.of(
                  patch.scanId() + "/" + nod.id(),
                  patch.patientId(),
                  nc.extract(iso.resample(patch.volume()), nod.centerMm()),
                  nod.label() == NoduleLabel.MALIGNANT);
            })
        .toList();
  }

  /** A patient-level split with {@code share} of each class on the fine-tuning (training) side. */
  static SiteSplit<LabelledCube> split(List<LabelledCube> cases, double share, long seed) {
    Function<LabelledCube, NoduleLabel> label =
        c -> c.malignant() ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN;
    long m = cases.stream().filter(LabelledCube::malignant).count();
    long b = cases.size() - m;
    return SiteSplitter.builder()
        .fineTuneCounts((int) Math.round(share * m), (int) Math.round(share * b))
        .seed(seed)
        .build()
        .split(cases, LabelledCube::patientId, label);
  }
}
