package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Progress;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.finetune.inference.SegmenterEvaluation;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.metrics.DetectionEvaluation;
import org.lungnodule.metrics.OperatingPoint;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import org.lungnodule.models.maskrcnn.SegmentationCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate-segmenter}: detection (sensitivity and false positives per scan at the model's
 * score threshold or at one chosen on a validation site, FROC/CPM over all candidates) and
 * segmentation (mean Dice, IoU, ASD over the detected nodules) on a site folder, with {@link
 * DetectionEvaluation}'s LUNA16 hit rule.
 */
@Command(
    name = "evaluate-segmenter",
    mixinStandardHelpOptions = true,
    description = "Evaluate a segmenter on a site: sensitivity, fpPerScan, cpm, dice, iou, asdMm.")
public final class EvaluateSegmenterCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluateSegmenterCommand.class);

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Mixin CliSupport.MirrorsOption mirrors;

  @Option(names = "--model", required = true, description = "Segmenter archive (.zip).")
  Path model;

  @Option(names = "--site", required = true, description = "Site folder with manifest.csv.")
  Path site;

  @Option(
      names = "--candidate-score",
      defaultValue = "0.05",
      description = "Lowest score kept as an FROC candidate (default: ${DEFAULT-VALUE}).")
  double candidateScore;

  @Option(
      names = "--validation-site",
      description =
          "Site folder to choose the score threshold on (the lowest one at <= --max-fp-per-scan"
              + " false positives per scan), applied to --site; default: the model's own threshold.")
  Path validationSite;

  @Option(
      names = "--split",
      paramLabel = "test|train|all",
      description =
          "Rows of --site to evaluate when its manifest has a split column: test (default), train"
              + " or all; a site without the column is evaluated whole.")
  String split;

  @Option(
      names = "--validation-split",
      paramLabel = "train|test|all",
      description =
          "Rows of --validation-site to choose the threshold on when its manifest has a split"
              + " column: train (default), test or all.")
  String validationSplit;

  @Option(
      names = "--max-fp-per-scan",
      defaultValue = "2",
      description =
          "False positives per scan allowed on the validation site (default: ${DEFAULT-VALUE}).")
  double maxFpPerScan;

  @Override
  public Integer call() throws Exception {
    if (validationSite == null && validationSplit != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--validation-split needs --validation-site");
    }
    SiteRows.Selection evaluated =
        SiteRows.forEvaluation(spec, Site.open(site), "--split", split, ManifestSplit.TEST);
    Optional<SiteRows.Selection> validated = Optional.empty();
    if (validationSite != null) {
      validated =
          Optional.of(
              SiteRows.forEvaluation(
                  spec,
                  Site.open(validationSite),
                  "--validation-split",
                  validationSplit,
                  ManifestSplit.TRAIN));
    }
    NoduleSegmenter seg = NoduleSegmenter.load(model);
    seg = mirrors.applyTo(spec, seg);
    OperatingPoint op;
    if (validated.isEmpty()) {
      op =
          OperatingPoint.fixed(
              seg.model().config().scoreThreshold(), "the model's score threshold");
    } else {
      List<DetectionEvaluation.ScanMatch> validation = new ArrayList<>();
      Site vs = validated.get().rows();
      Progress vp =
          Progress.logging(LOG, "evaluate-segmenter (validation site)", "scans", vs.scanCount());
      for (AnnotatedScan scan : vs) {
        SegmentationCase sc = SegmentationCase.fromScan(scan, seg.lungField());
        ScanSegmentation r = seg.segment(sc.input(), candidateScore);
        validation.add(
            DetectionEvaluation.match(
                SegmenterEvaluation.detectionScan(
                    scan.scanId(), scan.nodules(), sc.labels(), detected(r), r.labels())));
        vp.step();
      }
      op =
          DetectionEvaluation.of(validation)
              .chooseThreshold(
                  maxFpPerScan,
                  "validation-site "
                      + validationSite.getFileName()
                      + (validated.get().split().equals(SiteRows.NONE)
                          ? ""
                          : " (" + validated.get().split() + " rows)"));
    }
    double threshold = op.threshold();
    LungField lungs = seg.lungField();
    List<SegmenterEvaluation.ScanResult> scans = new ArrayList<>();
    Site ts = evaluated.rows();
    Progress tp = Progress.logging(LOG, "evaluate-segmenter", "scans", ts.scanCount());
    for (AnnotatedScan scan : ts) {
      SegmentationCase sc = SegmentationCase.fromScan(scan, lungs);
      ScanSegmentation r = seg.segment(sc.input(), Math.min(candidateScore, threshold));
      scans.add(
          SegmenterEvaluation.evaluate(
              scan.scanId(), scan.nodules(), sc.labels(), detected(r), r.labels(), threshold));
      tp.step();
    }
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("split", evaluated.split());
    res.put("patients", ts.patientIds().size());
    validated.ifPresent(v -> res.put("validationSplit", v.split()));
    res.putAll(SegmenterEvaluation.summarize(scans, op));
    seg.reducer().ifPresent(r -> res.put("reducerMirrors", r.mirrors()));
    CliSupport.print(spec, common.json, res);
    return 0;
  }

  private static List<SegmenterEvaluation.Detected> detected(ScanSegmentation r) {
    return r.nodules().stream().map(SegmenterEvaluation.Detected::of).toList();
  }
}
