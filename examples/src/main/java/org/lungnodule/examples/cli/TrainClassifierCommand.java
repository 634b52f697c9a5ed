package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.classifier.ClassifierTrainer;
import org.lungnodule.models.classifier.CubePreprocessing;
import org.lungnodule.models.classifier.EpochRecord;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.ResNet3d;
import org.lungnodule.models.classifier.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lungnodule train-classifier}: trains the benign/malignant 3D ResNet on a site folder. */
@Command(
    name = "train-classifier",
    mixinStandardHelpOptions = true,
    description = {
      "Train the benign/malignant 3D ResNet on the labelled nodules of a site folder",
      "(manifest.csv + scans), with a validation split by patient, and save one model file.",
      "A site whose manifest.csv has a split column is trained on its train rows only."
    })
public final class TrainClassifierCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Mixin SiteRows.TrainingOptions rows;
  @Spec CommandSpec spec;

  @Option(names = "--site", required = true, description = "Site folder with manifest.csv.")
  Path site;

  @Option(names = "--out", required = true, description = "Model file to write (.zip).")
  Path out;

  @Option(
      names = "--seed",
      required = true,
      description = "Random seed (split, init, order, augmentation).")
  long seed;

  @Option(
      names = "--val-fraction",
      defaultValue = "0.2",
      description =
          "Fraction of the training patients held out for validation (default ${DEFAULT-VALUE}).")
  double valFraction;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--preset",
      defaultValue = "small",
      description = "small (CPU) or paper (ResNet18). Default ${DEFAULT-VALUE}.")
  String preset;

  @Option(
      names = "--batch-size",
      defaultValue = "8",
      description = "Mini-batch size (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      defaultValue = "0.001",
      description = "Adam learning rate (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--patience",
      defaultValue = "0",
      description = "Early-stopping patience in epochs (0 = off).")
  int patience;

  @Option(
      names = "--checkpoint-dir",
      description = "Write a checkpoint after each epoch here, and resume from it.")
  Path checkpointDir;

  @Override
  public Integer call() throws Exception {
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
    }
    ResNet3d arch = ResNet3d.preset(preset);
    long t0 = System.nanoTime();
    CubePreprocessing prep = CubePreprocessing.defaults();
    SiteRows.Selection sel = rows.select(Site.open(site));
    List<LabelledCube> all = new ArrayList<>();
    for (AnnotatedScan scan : sel.rows()) {
      all.addAll(prep.labelledCubes(scan));
    }
    Set<String> patients = new TreeSet<>();
    all.forEach(c -> patients.add(c.patientId()));
    List<String> order = new ArrayList<>(patients);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = order.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      String t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    int nVal = (int) Math.round(valFraction * order.size());
    Set<String> valPatients = new TreeSet<>(order.subList(0, nVal));
    List<LabelledCube> train =
        all.stream().filter(c -> !valPatients.contains(c.patientId())).toList();
    List<LabelledCube> val = all.stream().filter(c -> valPatients.contains(c.patientId())).toList();

    ClassifierTrainer.Builder tb =
        ClassifierTrainer.builder()
            .epochs(epochs)
            .batchSize(batchSize)
            .learningRate(learningRate)
            .seed(seed)
            .preprocessing(prep.toMap())
            .listener(TrainingListener.logging());
    if (patience > 0) {
      tb.earlyStoppingPatience(patience);
    }
    if (checkpointDir != null) {
      tb.checkpointDir(checkpointDir);
    }
    if (!common.json) {
      tb.listener(new ProgressBar(spec.commandLine().getErr()));
    }
    TrainingResult r = tb.build().fit(arch, train, val);
    r.classifier().save(out);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", out.toAbsolutePath().toString());
    m.put("preset", preset);
    m.put("split", sel.split());
    m.put("heldOutPatients", sel.heldOutPatients());
    m.put("heldOutNodules", sel.heldOutLabelledNodules());
    m.put("trainNodules", train.size());
    m.put("validationNodules", val.size());
    m.put("validationPatients", valPatients.size());
    m.put("epochsRun", r.history().size());
    m.put("bestEpoch", r.bestEpoch());
    m.put("stop", r.stopReason());
    if (r.bestEpoch() > 0) {
      EpochRecord best = r.history().get(r.bestEpoch() - 1);
      m.put("bestValidationLoss", best.validationLoss());
      m.put("bestValidationAuc", best.validationAuc());
    }
    List<Map<String, Object>> curve = new ArrayList<>();
    for (EpochRecord e : r.history()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("epoch", e.epoch());
      row.put("trainLoss", e.trainLoss());
      row.put("validationLoss", e.validationLoss());
      row.put("validationAuc", e.validationAuc());
      curve.add(row);
    }
    m.put("learningCurve", curve);
    m.put("trainingDataHash", r.classifier().provenance().trainingDataHash());
    m.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
    CliSupport.print(spec, common.json, m);
    return 0;
  }
}
