package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.maskrcnn.FalsePositiveReducer;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnTrainer;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ReducerTrainer;
import org.lungnodule.models.maskrcnn.SegmentationCase;
import org.lungnodule.models.maskrcnn.SegmenterRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train-segmenter}: trains the 3D Mask R-CNN on a site folder and writes a model archive.
 */
@Command(
    name = "train-segmenter",
    mixinStandardHelpOptions = true,
    defaultValueProvider = TrainSegmenterCommand.RecipeDefaults.class,
    description = {
      "Train the 3D Mask R-CNN nodule segmenter on a site folder (manifest.csv) and save it.",
      "A site whose manifest.csv has a split column is trained on its train rows only.",
      "Defaults: the library's two-stage recipe (SegmenterRecipe.twoStage()), the one behind the",
      "published detection figures: the Mask R-CNN, then a false-positive reducer trained on its",
      "candidates; each option below shows the recipe's value. --reducer-epochs 0 --lung-dilation 0",
      "is the bundled segmenter's recipe. The model's provenance records the command line, the",
      "commit, the site folder's name and the number of scans; SOURCE_DATE_EPOCH sets its date."
    })
public final class TrainSegmenterCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Mixin SiteRows.TrainingOptions rows;
  @Spec CommandSpec spec;

  @Option(names = "--site", required = true, description = "Site folder with manifest.csv.")
  Path site;

  @Option(
      names = "--preset",
      description = "small, paper or tiny (default: the two-stage recipe's ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--epochs",
      description =
          "Epochs, whatever the preset (default: the two-stage recipe's ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--crops-per-epoch",
      description =
          "Crops (optimizer steps) per epoch (default: the two-stage recipe's ${DEFAULT-VALUE}).")
  int cropsPerEpoch;

  @Option(
      names = "--lung-dilation",
      description =
          "Dilation of the lung field in mm, recorded in the model (default: the two-stage"
              + " recipe's ${DEFAULT-VALUE}).")
  double lungDilation;

  @Option(names = "--seed", required = true, description = "Seed of every random choice.")
  long seed;

  @Option(names = "--checkpoints", description = "Checkpoint folder; training resumes from it.")
  Path checkpoints;

  @Option(names = "--out", required = true, description = "Model archive to write (.zip).")
  Path out;

  @Option(
      names = "--reducer-epochs",
      description =
          "Epochs of each network of the false-positive reducer trained on the detector's candidates; 0 for no reducer "
              + "(default: the two-stage recipe's ${DEFAULT-VALUE}).")
  int reducerEpochs;

  @Option(
      names = "--reducer-views",
      split = ",",
      description =
          "The reducer's networks, one per view, whose probabilities it averages: fovea (16³ at 1 mm and 32³ at "
              + "2 mm), cube (32³ at 1 mm); cube,fovea trains both, twice the time (default: the two-stage recipe's "
              + "${DEFAULT-VALUE}).")
  List<String> reducerViews;

  @Option(
      names = "--reducer-blobs",
      description =
          "Dot-filter blobs per scan the reducer learns from as negatives; it then also rescores the blobs the detector "
              + "did not propose (small-nodule candidates); 0 for no blob candidates (default: the two-stage recipe's "
              + "${DEFAULT-VALUE}).")
  int reducerBlobs;

  @Option(
      names = "--reducer-mirrors",
      description =
          "Mirror images (1, 2, 4 or 8) in which the reducer looks at each candidate, averaging its probabilities; "
              + "more cost one network pass each at inference, nothing in training (default: the two-stage recipe's "
              + "${DEFAULT-VALUE}).")
  int reducerMirrors;

  /**
   * The defaults of the recipe options: the values of {@link SegmenterRecipe#twoStage()}, so that
   * the command with no option trains that recipe.
   */
  static final class RecipeDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec o)) {
        return null;
      }
      SegmenterRecipe r = SegmenterRecipe.twoStage();
      SegmenterRecipe.Detector d = r.detector();
      SegmenterRecipe.Reducer fp = r.reducer().orElseThrow();
      return switch (o.longestName()) {
        case "--preset" -> d.preset().name().toLowerCase(Locale.ROOT);
        case "--epochs" -> Integer.toString(d.epochs());
        case "--crops-per-epoch" -> Integer.toString(d.cropsPerEpoch());
        case "--lung-dilation" -> Double.toString(d.lungDilationMm());
        case "--reducer-epochs" -> Integer.toString(fp.epochs());
        case "--reducer-views" ->
            String.join(
                ",", fp.views().stream().map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
        case "--reducer-blobs" -> Integer.toString(fp.blobNegatives());
        case "--reducer-mirrors" -> Integer.toString(fp.mirrors());
        default -> null;
      };
    }
  }

  /**
   * The recipe this command trains: {@link SegmenterRecipe#twoStage()} with the options given on
   * the command line ({@code --reducer-epochs 0}: the Mask R-CNN alone).
   *
   * @throws IllegalArgumentException for an option out of range, named in the message
   */
  SegmenterRecipe recipe() {
    if (reducerEpochs < 0) {
      throw new IllegalArgumentException(
          "--reducer-epochs must be 0 or more, got " + reducerEpochs);
    }
    if (reducerBlobs < 0) {
      throw new IllegalArgumentException("--reducer-blobs must be 0 or more, got " + reducerBlobs);
    }
    if (reducerMirrors != 1 && reducerMirrors != 2 && reducerMirrors != 4 && reducerMirrors != 8) {
      throw new IllegalArgumentException(
          "--reducer-mirrors must be 1, 2, 4 or 8, got " + reducerMirrors);
    }
    if (!(lungDilation >= 0 && lungDilation <= 50)) {
      throw new IllegalArgumentException(
          "--lung-dilation must be in [0, 50] mm, got " + lungDilation);
    }
    if (epochs < 1 || cropsPerEpoch < 1) {
      throw new IllegalArgumentException(
          "--epochs and --crops-per-epoch must be at least 1, got "
              + epochs
              + " and "
              + cropsPerEpoch);
    }
    FalsePositiveReducer.View[] views = views(reducerViews);
    SegmenterRecipe.Reducer base = SegmenterRecipe.twoStage().reducer().orElseThrow();
    return new SegmenterRecipe(
        new SegmenterRecipe.Detector(preset(preset), epochs, cropsPerEpoch, lungDilation),
        reducerEpochs == 0
            ? Optional.empty()
            : Optional.of(
                new SegmenterRecipe.Reducer(
                    reducerEpochs,
                    List.of(views),
                    reducerMirrors,
                    reducerBlobs,
                    base.blobFullResponse())));
  }

  /**
   * The creation date {@code SOURCE_DATE_EPOCH} asks for (whole seconds since 1970, the
   * reproducible-builds convention), or empty when it is unset or blank.
   *
   * @throws IllegalArgumentException if it is set to something else
   */
  static Optional<java.time.Instant> sourceDateEpoch(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      long s = Long.parseLong(value.strip());
      if (s < 0) {
        throw new NumberFormatException();
      }
      return Optional.of(java.time.Instant.ofEpochSecond(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "SOURCE_DATE_EPOCH must be whole seconds since 1970, got '" + value + "'", e);
    }
  }

  /** The command line as typed, for the provenance: {@code lungnodule train-segmenter ARGS}. */
  String commandLine() {
    CommandSpec root = spec.root();
    StringBuilder sb = new StringBuilder(root.name());
    List<String> args =
        root.commandLine().getParseResult() == null
            ? List.of()
            : root.commandLine().getParseResult().originalArgs();
    for (String a : args) {
      sb.append(' ');
      sb.append(
          a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
    }
    return sb.toString();
  }

  static MaskRcnnConfig.Preset preset(String name) {
    try {
      return MaskRcnnConfig.Preset.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "preset must be small, paper or tiny, got '" + name + "'", e);
    }
  }

  static FalsePositiveReducer.View[] views(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("--reducer-views needs at least one of cube, fovea");
    }
    FalsePositiveReducer.View[] v = new FalsePositiveReducer.View[names.size()];
    for (int i = 0; i < v.length; i++) {
      try {
        v[i] = FalsePositiveReducer.View.valueOf(names.get(i).trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--reducer-views takes cube and fovea, got '" + names.get(i) + "'", e);
      }
    }
    return v;
  }

  @Override
  public Integer call() throws Exception {
    SegmenterRecipe recipe = recipe();
    Optional<java.time.Instant> created = sourceDateEpoch(System.getenv("SOURCE_DATE_EPOCH"));
    MaskRcnnConfig cfg = recipe.detector().config().build();
    SiteRows.Selection sel = rows.select(Site.open(site));
    LungField lungs = cfg.lungField();
    List<SegmentationCase> cases = new ArrayList<>();
    for (AnnotatedScan scan : sel.rows()) {
      cases.add(SegmentationCase.fromScan(scan, lungs));
    }
    long t0 = System.nanoTime();
    MaskRcnnTrainer.Builder tb =
        MaskRcnnTrainer.builder().config(cfg).seed(seed).listener(TrainingListener.logging());
    if (checkpoints != null) {
      tb.checkpointDir(checkpoints);
    }
    MaskRcnnTrainer trainer = tb.build();
    NoduleSegmenter seg = trainer.fit(cases);
    double detectorSeconds = (System.nanoTime() - t0) / 1e9;
    if (recipe.reducer().isPresent()) {
      ReducerTrainer rt =
          recipe.reducer().get().trainer().seed(seed).listener(TrainingListener.logging());
      seg = seg.withReducer(rt.build().fit(cases, seg));
    }
    Map<String, String> run = new LinkedHashMap<>();
    run.put("run.command", commandLine());
    run.put("run.commit", BuildInfo.commit());
    run.put(
        "data.site",
        site.toAbsolutePath().normalize().getFileName() == null
            ? site.toString()
            : site.toAbsolutePath().normalize().getFileName().toString());
    run.put("data.scans", Integer.toString(cases.size()));
    org.lungnodule.models.Provenance prov = seg.provenance().withHyperparameters(run);
    if (created.isPresent()) {
      prov = prov.withCreated(created.get());
    }
    seg = seg.withProvenance(prov);
    seg.save(out);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", out.toString());
    r.put("preset", cfg.preset().name());
    r.put("commit", seg.provenance().hyperparameters().get("run.commit"));
    r.put("split", sel.split());
    r.put("scans", cases.size());
    r.put("nodules", sel.rows().manifest().noduleCount());
    r.put("heldOutPatients", sel.heldOutPatients());
    r.put("heldOutScans", sel.heldOutScans());
    r.put("heldOutNodules", sel.heldOutNodules());
    r.put("parameters", seg.model().parameterCount());
    r.put("epochs", cfg.epochs());
    r.put("lungDilationMm", cfg.lungDilationMm());
    r.put("steps", seg.model().iteration());
    r.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    r.put("detectorSeconds", Math.round(detectorSeconds * 10) / 10.0);
    r.put("reducer", seg.reducer().map(FalsePositiveReducer::toString).orElse("none"));
    List<Map<String, Object>> curve = new ArrayList<>();
    for (MaskRcnnTrainer.EpochLosses e : trainer.history()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epoch", e.epoch());
      m.put("loss", e.total());
      curve.add(m);
    }
    r.put("trainingCurve", curve);
    CliSupport.print(spec, common.json, r);
    return 0;
  }
}
