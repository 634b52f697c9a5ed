package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Mask;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.metrics.Detection;
import org.lungnodule.metrics.Froc;
import org.lungnodule.metrics.SegmentationMetrics;
import org.lungnodule.metrics.SegmentationScores;
import org.lungnodule.models.maskrcnn.DetectedNodule;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import org.lungnodule.models.maskrcnn.SegmentationCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate-segmenter}: detection (sensitivity and false positives per scan at the model's
 * score threshold, FROC/CPM over all candidates) and segmentation (mean Dice, IoU, ASD over the
 * detected nodules) on a site folder.
 */
@Command(
    name = "evaluate-segmenter",
    mixinStandardHelpOptions = true,
    description = "Evaluate a segmenter on a site: sensitivity, fpPerScan, cpm, dice, iou, asdMm.")
public final class EvaluateSegmenterCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Segmenter archive (.zip).")
  Path model;

  @Option(names = "--site", required = true, description = "Site folder with manifest.csv.")
  Path site;

  @Option(names = "--candidate-score", defaultValue = "0.05", description = "Lowest score kept as an FROC candidate (default: ${DEFAULT-VALUE}).")
  double candidateScore;

  @Override
  public Integer call() throws Exception {
    NoduleSegmenter seg = NoduleSegmenter.load(model);
    double threshold = seg.model().config().scoreThreshold();
    LungField lungs = seg.lungField();
    List<Detection.Scan> all = new ArrayList<>();
    List<Detection.Scan> kept = new ArrayList<>();
    double dice = 0;
    double iou = 0;
    double asd = 0;
    int segmented = 0;
    int asdCount = 0;
    for (AnnotatedScan scan : Site.open(site)) {
      SegmentationCase sc = SegmentationCase.fromScan(scan, lungs);
      ScanSegmentation r = seg.segment(sc.input(), Math.min(candidateScore, threshold));
      List<Detection.Candidate> cands = new ArrayList<>();
      List<Detection.Candidate> keptCands = new ArrayList<>();
      for (DetectedNodule n : r.nodules()) {
        Detection.Candidate c = new Detection.Candidate(n.centerMm(), n.score());
        cands.add(c);
        if (n.score() >= threshold) {
          keptCands.add(c);
        }
      }
      List<Detection.TruthNodule> truth = scan.nodules().stream().map(Detection.TruthNodule::of).toList();
      all.add(new Detection.Scan(scan.scanId(), cands, truth));
      kept.add(new Detection.Scan(scan.scanId(), keptCands, truth));
      // segmentation quality of each detected truth nodule: the best-scoring kept detection hitting it
      for (int t = 0; t < truth.size(); t++) {
        Detection.TruthNodule tn = truth.get(t);
        DetectedNodule hit = null;
        for (DetectedNodule n : r.nodules()) {
          if (n.score() >= threshold && dist(n.centerMm(), tn.centerMm()) < tn.diameterMm() / 2) {
            hit = n;
            break;
          }
        }
        if (hit == null) {
          continue;
        }
        Mask truthMask = sc.labels().select(t + 1);
        SegmentationScores s = SegmentationMetrics.evaluate(r.mask(hit), truthMask);
        dice += s.dice();
        iou += s.iou();
        segmented++;
        if (s.asdMm().isPresent()) {
          asd += s.asdMm().getAsDouble();
          asdCount++;
        }
      }
    }
    Froc.Result atThreshold = Froc.compute(kept);
    Froc.Result froc = Froc.compute(all);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("scans", atThreshold.scans());
    res.put("nodules", atThreshold.nodules());
    res.put("scoreThreshold", threshold);
    res.put("sensitivity", atThreshold.nodules() == 0 ? Double.NaN : (double) atThreshold.detectedNodules() / atThreshold.nodules());
    res.put("fpPerScan", atThreshold.scans() == 0 ? Double.NaN : (double) atThreshold.falsePositives() / atThreshold.scans());
    res.put("cpm", froc.cpm());
    res.put("segmentedNodules", segmented);
    res.put("dice", segmented == 0 ? Double.NaN : dice / segmented);
    res.put("iou", segmented == 0 ? Double.NaN : iou / segmented);
    res.put("asdMm", asdCount == 0 ? Double.NaN : asd / asdCount);
    CliSupport.print(spec, common.json, res);
    return 0;
  }

  private static double dist(WorldPoint a, WorldPoint b) {
    double dx = a.xMm() - b.xMm();
    double dy = a.yMm() - b.yMm();
    double dz = a.zMm() - b.zMm();
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

}
