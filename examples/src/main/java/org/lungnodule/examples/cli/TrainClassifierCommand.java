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
import org.lungnodule.models.classifier.ClassifierRecipe;
import org.lungnodule.models.classifier.ClassifierTrainer;
import org.lungnodule.models.classifier.CubePreprocessing;
import org.lungnodule.models.classifier.EpochRecord;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.ResNet3d;
import org.lungnodule.models.classifier.TrainingResult;
import org.lungnodule.models.training.Optimizer;
import org.lungnodule.models.training.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lungnodule train-classifier}: trains the benign/malignant 3D ResNet on a site folder. */
@Command(
    name = "train-classifier",
    mixinStandardHelpOptions = true,
    defaultValueProvider = TrainClassifierCommand.RecipeDefaults.class,
    description = {
      "Train the benign/malignant 3D ResNet on the labelled nodules of a site folder",
      "(manifest.csv + scans), with a validation split by patient, and save one model file.",
      "A site whose manifest.csv has a split column is trained on its train rows only.",
      "Defaults: the library's tuned recipe (ClassifierRecipe.tuned()), the one behind the",
      "published figures, with balanced sampling, flips and rotations; each option below",
      "shows the recipe's value."
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
      description = "Epochs (default: the tuned recipe's ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--preset",
      description =
          "small (CPU) or paper (ResNet18) (default: the tuned recipe's ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--batch-size",
      description = "Mini-batch size (default: the tuned recipe's ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--optimizer",
      description =
          "Optimiser, ${COMPLETION-CANDIDATES} (default: the tuned recipe's ${DEFAULT-VALUE}).")
  Optimizer optimizer;

  @Option(
      names = "--lr",
      description = "Initial learning rate (default: the tuned recipe's ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--schedule",
      description =
          "Learning-rate schedule over the epochs, ${COMPLETION-CANDIDATES} (default: the tuned"
              + " recipe's ${DEFAULT-VALUE}).")
  Schedule schedule;

  @Option(
      names = "--weight-decay",
      description = "Weight decay, in [0, 1) (default: the tuned recipe's ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(
      names = "--patience",
      description =
          "Early-stopping patience in epochs, 0 = off (default: the tuned recipe's"
              + " ${DEFAULT-VALUE}).")
  int patience;

  @Option(
      names = "--shift",
      description =
          "Largest random translation of a training cube along each axis, in voxels, 0 = none"
              + " (default: the tuned recipe's ${DEFAULT-VALUE}).")
  int shiftVoxels;

  @Option(
      names = "--keep",
      description =
          "Which epoch's weights the model keeps: ${COMPLETION-CANDIDATES}; best = lowest"
              + " validation loss (default: the tuned recipe's ${DEFAULT-VALUE}).")
  Kept keep;

  @Option(
      names = "--test-views",
      description =
          "Symmetric views of each cube the model averages when it predicts: 1, 8 (flips) or 16"
              + " (flips and axial transposes); saved with the model (default: the tuned"
              + " recipe's ${DEFAULT-VALUE}).")
  int testViews;

  /** Which epoch's weights the trained model keeps. */
  enum Kept {
    best,
    last
  }

  @Option(
      names = "--checkpoint-dir",
      description = "Write a checkpoint after each epoch here, and resume from it.")
  Path checkpointDir;

  /**
   * The recipe this command runs: {@link ClassifierRecipe#tuned()} with the options given on the
   * command line. Every recipe option's default comes from {@link RecipeDefaults}, so with no
   * option this equals the tuned recipe.
   */
  ClassifierRecipe recipe() {
    ClassifierRecipe base = ClassifierRecipe.tuned();
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        base.balance(),
        base.augment(),
        shiftVoxels,
        patience,
        keep == Kept.best,
        testViews);
  }

  /** The defaults of the recipe options: the values of {@link ClassifierRecipe#tuned()}. */
  static final class RecipeDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec o)) {
        return null;
      }
      ClassifierRecipe r = ClassifierRecipe.tuned();
      return switch (o.longestName()) {
        case "--epochs" -> Integer.toString(r.epochs());
        case "--preset" -> r.preset();
        case "--batch-size" -> Integer.toString(r.batchSize());
        case "--optimizer" -> r.optimizer().name();
        case "--lr" -> Double.toString(r.learningRate());
        case "--schedule" -> r.schedule().name();
        case "--weight-decay" -> Double.toString(r.weightDecay());
        case "--patience" -> Integer.toString(r.patience());
        case "--shift" -> Integer.toString(r.shiftVoxels());
        case "--keep" -> (r.keepBestEpoch() ? Kept.best : Kept.last).name();
        case "--test-views" -> Integer.toString(r.testViews());
        default -> null;
      };
    }
  }

  @Override
  public Integer call() throws Exception {
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
    }
    ClassifierRecipe recipe = recipe();
    ResNet3d arch = recipe.network();
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
        recipe
            .trainer()
            .seed(seed)
            .preprocessing(prep.toMap())
            .listener(TrainingListener.logging());
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
    Map<String, Object> rm = new LinkedHashMap<>();
    rm.put("preset", recipe.preset());
    rm.put("epochs", recipe.epochs());
    rm.put("batchSize", recipe.batchSize());
    rm.put("optimizer", recipe.optimizer().name());
    rm.put("learningRate", recipe.learningRate());
    rm.put("schedule", recipe.schedule().name());
    rm.put("weightDecay", recipe.weightDecay());
    rm.put("balance", recipe.balance().name());
    rm.put("augment", recipe.augment());
    rm.put("shiftVoxels", recipe.shiftVoxels());
    rm.put("patience", recipe.patience());
    rm.put("keepBestEpoch", recipe.keepBestEpoch());
    rm.put("testViews", recipe.testViews());
    m.put("recipe", rm);
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
