package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.preprocess.DotFilter;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.maskrcnn.FalsePositiveReducer;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnTrainer;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.SegmentationCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train-segmenter}: trains the 3D Mask R-CNN on a site folder and writes a model archive.
 */
@Command(
    name = "train-segmenter",
    mixinStandardHelpOptions = true,
    description = {
      "Train the 3D Mask R-CNN nodule segmenter on a site folder (manifest.csv) and save it.",
      "A site whose manifest.csv has a split column is trained on its train rows only."
    })
public final class TrainSegmenterCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Mixin SiteRows.TrainingOptions rows;
  @Spec CommandSpec spec;

  @Option(names = "--site", required = true, description = "Site folder with manifest.csv.")
  Path site;

  @Option(
      names = "--preset",
      defaultValue = "small",
      description = "small, paper or tiny (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--epochs", description = "Epochs (default: the preset's).")
  Integer epochs;

  @Option(
      names = "--crops-per-epoch",
      description = "Crops (optimizer steps) per epoch (default: the preset's).")
  Integer cropsPerEpoch;

  @Option(
      names = "--lung-dilation",
      defaultValue = "0",
      description =
          "Dilation of the lung field in mm, recorded in the model (default: ${DEFAULT-VALUE}).")
  double lungDilation;

  @Option(names = "--seed", required = true, description = "Seed of every random choice.")
  long seed;

  @Option(names = "--checkpoints", description = "Checkpoint folder; training resumes from it.")
  Path checkpoints;

  @Option(names = "--out", required = true, description = "Model archive to write (.zip).")
  Path out;

  @Option(
      names = "--reducer-epochs",
      defaultValue = "10",
      description =
          "Epochs of each network of the false-positive reducer trained on the detector's candidates; 0 for no reducer "
              + "(default: ${DEFAULT-VALUE}).")
  int reducerEpochs;

  @Option(
      names = "--reducer-views",
      defaultValue = "fovea",
      split = ",",
      description =
          "The reducer's networks, one per view, whose probabilities it averages: fovea (16³ at 1 mm and 32³ at "
              + "2 mm), cube (32³ at 1 mm); cube,fovea trains both, twice the time (default: ${DEFAULT-VALUE}).")
  List<String> reducerViews;

  @Option(
      names = "--reducer-blobs",
      defaultValue = "40",
      description =
          "Dot-filter blobs per scan the reducer learns from as negatives; it then also rescores the blobs the detector "
              + "did not propose (small-nodule candidates); 0 for no blob candidates (default: ${DEFAULT-VALUE}).")
  int reducerBlobs;

  @Option(
      names = "--reducer-mirrors",
      defaultValue = "8",
      description =
          "Mirror images (1, 2, 4 or 8) in which the reducer looks at each candidate, averaging its probabilities; "
              + "more cost one network pass each at inference, nothing in training (default: ${DEFAULT-VALUE}).")
  int reducerMirrors;

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
    FalsePositiveReducer.View[] views = views(reducerViews);
    MaskRcnnConfig.Builder b = MaskRcnnConfig.builder(preset(preset));
    if (epochs != null) {
      b.epochs(epochs);
    }
    if (cropsPerEpoch != null) {
      b.cropsPerEpoch(cropsPerEpoch);
    }
    if (!(lungDilation >= 0 && lungDilation <= 50)) {
      throw new IllegalArgumentException(
          "--lung-dilation must be in [0, 50] mm, got " + lungDilation);
    }
    b.lungDilationMm(lungDilation);
    MaskRcnnConfig cfg = b.build();
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
    if (reducerEpochs > 0) {
      FalsePositiveReducer.Trainer rt =
          FalsePositiveReducer.trainer()
              .epochs(reducerEpochs)
              .views(views)
              .seed(seed)
              .mirrors(reducerMirrors)
              .listener(TrainingListener.logging());
      if (reducerBlobs == 0) {
        rt.withoutBlobs();
      } else {
        rt.blobs(DotFilter.builder().build(), reducerBlobs, 20);
      }
      seg = seg.withReducer(rt.build().fit(cases, seg));
    }
    seg.save(out);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", out.toString());
    r.put("preset", cfg.preset().name());
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
