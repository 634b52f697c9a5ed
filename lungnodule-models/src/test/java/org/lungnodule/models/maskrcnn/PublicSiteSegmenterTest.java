package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.metrics.Detection;
import org.lungnodule.metrics.DetectionEvaluation;
import org.lungnodule.metrics.DetectionSummary;
import org.lungnodule.metrics.Froc;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.training.Schedule;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;

/**
 * The learning target for the segmenter: on the phantom's PUBLIC site, the SMALL preset
 * trained for at most 30 minutes on 2 cores detects at least 80% of the test nodules at no more
 * than 2 false positives per scan, with mean Dice at least 0.6 on the detected ones. It trains
 * {@link SegmenterRecipe#twoStage()} (train-segmenter's default); the system properties below only
 * override it. Slow: run with {@code -Dgroups=slow -DexcludedGroups=
 * -Dtest=PublicSiteSegmenterTest}. Sizes from {@code -Dsegmenter.train}, {@code -Dsegmenter.test},
 * {@code -Dsegmenter.epochs}, {@code -Dsegmenter.crops} (per epoch), {@code -Dsegmenter.lr}, {@code
 * -Dsegmenter.decay=COSINE} and {@code -Dsegmenter.roiIou=positive,negative}, {@code
 * -Dsegmenter.maskContext}, {@code -Dsegmenter.positiveCrops}, {@code -Dsegmenter.boxContext},
 * {@code -Dsegmenter.hardNegatives}, {@code -Dsegmenter.stemStride}, {@code -Dsegmenter.lungCrops},
 * {@code -Dsegmenter.anchors=4,8,16}, {@code -Dsegmenter.roiBatch}, {@code
 * -Dsegmenter.blobs=false}, {@code -Dsegmenter.blobNegatives}, {@code -Dsegmenter.blobFull}, {@code
 * -Dsegmenter.blobFulls=10,40}, {@code -Dsegmenter.mirrors} (the reducer's mirror images), {@code
 * -Dsegmenter.blobExclusion} (mm), {@code -Dsegmenter.suppressDuplicates}, {@code
 * -Dsegmenter.reducerScans}, {@code -Dsegmenter.reducerSkip=56-75}, {@code
 * -Dsegmenter.lungDilation} (mm); {@code -Dsegmenter.save=FILE} keeps the model, {@code
 * -Dsegmenter.load=FILE} evaluates a saved one, {@code -Dsegmenter.weights=0,0.5,1} also scores it
 * with other RPN score weights.
 */
@Tag("slow")
class PublicSiteSegmenterTest {

  @Test
  void smallPreset_detectsAndSegments_onPublicSite() throws Exception {
    int nTrain = Integer.getInteger("segmenter.train", 12);
    int nTest = Integer.getInteger("segmenter.test", 4);
    long t0 = System.nanoTime();
    Phantom ph =
        Phantom.builder().profile(SiteProfile.PUBLIC).size(PhantomSize.QUICK).seed(2023).build();
    // the two-stage recipe (train-segmenter's default); system properties only override it
    SegmenterRecipe recipe = SegmenterRecipe.twoStage();
    // -Dsegmenter.lungDilation=MM: the lung field dilated by MM (default: the recipe's, 2; training
    // and test inputs alike, recorded in the model; a loaded model must have been trained with the
    // same)
    double lungDilation =
        Double.parseDouble(
            System.getProperty(
                "segmenter.lungDilation", Double.toString(recipe.detector().lungDilationMm())));
    LungField lf = LungField.builder().dilationMm(lungDilation).build();
    List<SegmentationCase> train = new ArrayList<>();
    List<SegmentationCase> test = new ArrayList<>();
    List<List<Nodule>> testNodules = new ArrayList<>();
    // -Dsegmenter.testFirst=K tests on scans K, K+1, ... instead of those after the training scans
    int testFirst = Integer.getInteger("segmenter.testFirst", nTrain);
    for (int i = 0; i < nTrain + nTest; i++) {
      AnnotatedScan s = ph.scan(i < nTrain ? i : testFirst + i - nTrain);
      SegmentationCase sc = SegmentationCase.fromScan(s, lf);
      if (i < nTrain) {
        train.add(sc);
      } else {
        test.add(sc);
        testNodules.add(s.nodules());
      }
    }
    double prep = (System.nanoTime() - t0) / 1e9;
    SegmenterRecipe.Detector det =
        new SegmenterRecipe.Detector(
            recipe.detector().preset(),
            Integer.getInteger("segmenter.epochs", recipe.detector().epochs()),
            Integer.getInteger("segmenter.crops", recipe.detector().cropsPerEpoch()),
            lungDilation);
    MaskRcnnConfig.Builder cb = det.config();
    if (System.getProperty("segmenter.lr") != null) {
      cb.learningRate(Double.parseDouble(System.getProperty("segmenter.lr")));
    }
    if (System.getProperty("segmenter.roiIou") != null
        || Integer.getInteger("segmenter.roiBatch") != null) {
      String[] iou = System.getProperty("segmenter.roiIou", "0.25,0.1").split(",");
      cb.roiSampling(
          Integer.getInteger("segmenter.roiBatch", 32),
          0.25,
          Double.parseDouble(iou[0]),
          Double.parseDouble(iou[1]));
    }
    if (System.getProperty("segmenter.maskContext") != null) {
      cb.maskContext(Double.parseDouble(System.getProperty("segmenter.maskContext")));
    }
    if (System.getProperty("segmenter.positiveCrops") != null) {
      cb.positiveCropFraction(Double.parseDouble(System.getProperty("segmenter.positiveCrops")));
    }
    if (Integer.getInteger("segmenter.stemStride") != null) {
      // the stride comparison: stem stride 2 gives features at 1/8 instead of 1/4
      cb.stem(16, Integer.getInteger("segmenter.stemStride"));
    }
    if (System.getProperty("segmenter.anchors") != null) {
      cb.anchorSizesMm(
          java.util.Arrays.stream(System.getProperty("segmenter.anchors").split(","))
              .mapToDouble(Double::parseDouble)
              .toArray());
    }
    if (System.getProperty("segmenter.lungCrops") != null) {
      cb.backgroundCropsInLung(Boolean.parseBoolean(System.getProperty("segmenter.lungCrops")));
    }
    if (System.getProperty("segmenter.boxContext") != null) {
      cb.boxContext(Double.parseDouble(System.getProperty("segmenter.boxContext")));
    }
    if (System.getProperty("segmenter.decay") != null) {
      cb.learningRateDecay(Schedule.valueOf(System.getProperty("segmenter.decay")));
    }
    if (System.getProperty("segmenter.hardNegatives") != null) {
      cb.rpnHardNegativeFraction(Double.parseDouble(System.getProperty("segmenter.hardNegatives")));
    }
    MaskRcnnConfig cfg = cb.build();
    long t1 = System.nanoTime();
    NoduleSegmenter seg;
    StringBuilder curve = new StringBuilder();
    String load = System.getProperty("segmenter.load");
    if (load != null) {
      seg = NoduleSegmenter.load(java.nio.file.Path.of(load));
      cfg = seg.model().config();
      assertEquals(
          cfg.lungDilationMm(),
          lungDilation,
          0,
          load
              + " was trained on a lung field dilated by "
              + cfg.lungDilationMm()
              + " mm: pass -Dsegmenter.lungDilation="
              + cfg.lungDilationMm());
      curve.append("loaded ").append(load).append('\n');
    } else {
      MaskRcnnTrainer trainer =
          MaskRcnnTrainer.builder()
              .config(cfg)
              .seed(11)
              .listener(TrainingListener.logging())
              .build();
      seg = trainer.fit(train);
      for (MaskRcnnTrainer.EpochLosses e : trainer.history()) {
        curve.append(e).append('\n');
      }
    }
    double trainSec = (System.nanoTime() - t1) / 1e9;
    if (System.getProperty("segmenter.save") != null) {
      seg.save(java.nio.file.Path.of(System.getProperty("segmenter.save")));
    }
    // crop-level diagnosis: a window around each test nodule
    MaskRcnnModel model = seg.model();
    int s = cfg.cropSize();
    SplittableRandom rng = new SplittableRandom(5);
    StringBuilder diag = new StringBuilder();
    for (int c = 0; c < test.size(); c++) {
      SegmentationCase sc = test.get(c);
      for (int n = 0; n < sc.centersMm().size(); n++) {
        VoxelPoint v = sc.input().geometry().worldToVoxel(sc.centersMm().get(n));
        int z0 = (int) Math.round(v.k()) - s / 2 + rng.nextInt(-8, 9);
        int y0 = (int) Math.round(v.j()) - s / 2 + rng.nextInt(-8, 9);
        int x0 = (int) Math.round(v.i()) - s / 2 + rng.nextInt(-8, 9);
        LabelledCrop crop = cut(sc, z0, y0, x0, s);
        List<int[]> gts = crop.labelBoxes();
        Box3d gt = null;
        for (int[] b : gts) {
          if (b[6] == n + 1) {
            gt = LabelledCrop.box(b);
          }
        }
        List<CropDetection> dets = model.detect(crop.voxels(), 0.05);
        double bestIou = 0;
        double bestScore = 0;
        int fp = 0;
        for (CropDetection d : dets) {
          double iou = gt == null ? 0 : d.box().iou(gt);
          if (iou > bestIou) {
            bestIou = iou;
            bestScore = d.score();
          }
          if (iou < 0.1 && d.score() >= 0.5) {
            fp++;
          }
        }
        diag.append(
            String.format(
                Locale.ROOT,
                "case %d nodule %d (%s): best IoU %.2f score %.2f, %d detections, %d FP>=0.5%n",
                c,
                n + 1,
                gt,
                bestIou,
                bestScore,
                dets.size(),
                fp));
      }
    }
    System.out.println(diag);
    // the second stage: a false-positive reducer trained on the detector's own candidates
    // (-Dsegmenter.reducerEpochs=0 for none; a loaded model keeps the reducer it was saved with)
    // (-Dsegmenter.reducerEpochs: per network, default the trainer's;
    // -Dsegmenter.reducerViews=CUBE,FOVEA)
    SegmenterRecipe.Reducer red = recipe.reducer().orElseThrow();
    int reducerEpochs = Integer.getInteger("segmenter.reducerEpochs", red.epochs());
    double reducerSec = 0;
    if (reducerEpochs != 0
        && (seg.reducer().isEmpty() || Boolean.getBoolean("segmenter.retrainReducer"))) {
      long tr = System.nanoTime();
      // the dot filter's small-nodule candidates: -Dsegmenter.blobs=false for none,
      // -Dsegmenter.blobNegatives (per scan; the recipe's 30: 72 scans' worth fit the time
      // budget), -Dsegmenter.blobFull (full response, the recipe's 20)
      boolean blobs = Boolean.parseBoolean(System.getProperty("segmenter.blobs", "true"));
      SegmenterRecipe.Reducer reducerRecipe =
          new SegmenterRecipe.Reducer(
              reducerEpochs,
              System.getProperty("segmenter.reducerViews") == null
                  ? red.views()
                  : java.util.Arrays.stream(System.getProperty("segmenter.reducerViews").split(","))
                      .map(FalsePositiveReducer.View::valueOf)
                      .toList(),
              red.mirrors(),
              blobs ? Integer.getInteger("segmenter.blobNegatives", red.blobNegatives()) : 0,
              Double.parseDouble(
                  System.getProperty(
                      "segmenter.blobFull", Double.toString(red.blobFullResponse()))));
      ReducerTrainer rt = reducerRecipe.trainer().seed(11).listener(TrainingListener.logging());
      if (System.getProperty("segmenter.reducerWeight") != null) {
        rt.scoreWeight(Double.parseDouble(System.getProperty("segmenter.reducerWeight")));
      }
      // the reducer sees more scans than the detector (-Dsegmenter.reducerScans, default 72: the
      // detector's training scans, whose candidates it mines, then scans after the test scans,
      // skipping those of -Dsegmenter.reducerSkip=FIRST-LAST, e.g. a validation range)
      int reducerScans = Integer.getInteger("segmenter.reducerScans", 72);
      String[] skip = System.getProperty("segmenter.reducerSkip", "-1--1").split("(?<=\\d)-");
      int skipFirst = Integer.parseInt(skip[0]);
      int skipLast = Integer.parseInt(skip[1]);
      List<SegmentationCase> rtrain = new ArrayList<>(train);
      for (int i = nTrain + nTest; rtrain.size() < reducerScans; i++) {
        if (i >= skipFirst && i <= skipLast) {
          continue;
        }
        rtrain.add(SegmentationCase.fromScan(ph.scan(i), lf));
      }
      rt.minedScans(train.size());
      seg = seg.withReducer(rt.build().fit(rtrain, seg.withoutReducer()));
      reducerSec = (System.nanoTime() - tr) / 1e9;
      if (System.getProperty("segmenter.save") != null) {
        seg.save(java.nio.file.Path.of(System.getProperty("segmenter.save")));
      }
    }
    // a loaded reducer saved without blob candidates gets the default dot filter
    // (-Dsegmenter.blobs=true)
    if (seg.reducer().isPresent()
        && seg.reducer().get().blobFilter().isEmpty()
        && Boolean.parseBoolean(System.getProperty("segmenter.blobs", "true"))) {
      seg =
          seg.withReducer(
              seg.reducer()
                  .get()
                  .withBlobs(
                      org.lungnodule.core.preprocess.DotFilter.builder().build(),
                      Double.parseDouble(
                          System.getProperty(
                              "segmenter.blobFull", Double.toString(red.blobFullResponse())))));
    }
    // the mirror images the reducer averages (-Dsegmenter.mirrors=1|2|4|8; default: as trained or
    // saved)
    if (seg.reducer().isPresent() && Integer.getInteger("segmenter.mirrors") != null) {
      seg =
          seg.withReducer(seg.reducer().get().withMirrors(Integer.getInteger("segmenter.mirrors")));
    }
    // how far blobs must lie from the detector's candidates (-Dsegmenter.blobExclusion=MM; default:
    // as trained or saved, 0 for new reducers, 4 for those saved before the setting)
    if (seg.reducer().isPresent() && System.getProperty("segmenter.blobExclusion") != null) {
      seg =
          seg.withReducer(
              seg.reducer()
                  .get()
                  .withBlobExclusionMm(
                      Double.parseDouble(System.getProperty("segmenter.blobExclusion"))));
    }
    // duplicate suppression (-Dsegmenter.suppressDuplicates=true|false; default: as trained or
    // saved)
    if (seg.reducer().isPresent() && System.getProperty("segmenter.suppressDuplicates") != null) {
      seg =
          seg.withReducer(
              seg.reducer()
                  .get()
                  .withDuplicateSuppression(
                      Boolean.parseBoolean(System.getProperty("segmenter.suppressDuplicates"))));
    }
    // whole-scan evaluation: every candidate down to score 0.05, then the FROC operating point
    // (the lowest threshold at <= 2 false positives per scan, chosen on the test scans
    // themselves) and a few fixed thresholds;
    // the detector alone first, then with its reducer
    long t2 = System.nanoTime();
    List<ScanSegmentation> detOnly = segmentAll(seg.withoutReducer(), test);
    StringBuilder froc = new StringBuilder("detector alone:\n");
    double[] op = report(test, detOnly, testNodules, cfg, froc);
    List<ScanSegmentation> results = detOnly;
    if (seg.reducer().isPresent()) {
      results = segmentAll(seg, test);
      froc.append("with the false-positive reducer (").append(seg.reducer().get()).append("):\n");
      op = report(test, results, testNodules, cfg, froc);
      // other full responses for the blob candidates' scores, printed only
      // (-Dsegmenter.blobFulls=10,40)
      if (System.getProperty("segmenter.blobFulls") != null
          && seg.reducer().get().blobFilter().isPresent()) {
        FalsePositiveReducer rr0 = seg.reducer().get();
        for (String b : System.getProperty("segmenter.blobFulls").split(",")) {
          NoduleSegmenter bs =
              seg.withReducer(rr0.withBlobs(rr0.blobFilter().get(), Double.parseDouble(b)));
          List<ScanSegmentation> rr = segmentAll(bs, test);
          froc.append("blob full response ").append(b).append(":\n");
          report(test, rr, testNodules, cfg, froc);
        }
      }
      // other weights of the reducer in the final score, printed only
      if (System.getProperty("segmenter.reducerWeights") != null) {
        for (String w : System.getProperty("segmenter.reducerWeights").split(",")) {
          NoduleSegmenter ws =
              seg.withReducer(seg.reducer().get().withScoreWeight(Double.parseDouble(w)));
          List<ScanSegmentation> rr = segmentAll(ws, test);
          froc.append("reducer weight ").append(w).append(":\n");
          report(test, rr, testNodules, cfg, froc);
        }
      }
    }
    double evalSec = (System.nanoTime() - t2) / 1e9;
    double sens = op[0];
    double fpPerScan = op[1];
    double meanDice = op[2];
    // the same weights scored with other RPN weights (-Dsegmenter.weights=0,1), printed only
    if (System.getProperty("segmenter.weights") != null) {
      for (String w : System.getProperty("segmenter.weights").split(",")) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(cfg.toMap());
        m.put("rpnScoreWeight", Double.parseDouble(w));
        NoduleSegmenter vs =
            NoduleSegmenter.of(seg.model().withConfig(MaskRcnnConfig.fromMap(m)), seg.provenance());
        List<ScanSegmentation> vr = segmentAll(vs, test);
        DetectionEvaluation vev = evaluation(test, vr, testNodules);
        double[] best = operatingPoint(vev, 2);
        double[] all = row(vev.at(0.05));
        froc.append(
            String.format(
                Locale.ROOT,
                "rpn weight %s: all candidates sensitivity %.3f FP/scan %.1f Dice %.3f; at <= 2 FP/scan: score >= %.3f sensitivity %.3f FP/scan %.2f Dice %.3f%n",
                w,
                all[0],
                all[1],
                all[2],
                best[3],
                best[0],
                best[1],
                best[2]));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "PUBLIC segmenter: %d train / %d test scans, prep %.0f s, training %.0f s + reducer %.0f s, evaluation %.0f s%n%s%s",
        train.size(),
        test.size(),
        prep,
        trainSec,
        reducerSec,
        evalSec,
        froc,
        curve);
    assertTrue(sens >= 0.8, "sensitivity " + sens);
    assertTrue(fpPerScan <= 2, "FP per scan " + fpPerScan);
    assertTrue(meanDice >= 0.6, "mean Dice " + meanDice);
    assertTrue(trainSec + reducerSec <= 1800, "training took " + (trainSec + reducerSec) + " s");
  }

  /**
   * Appends the fixed thresholds, the operating point at 2 FP/scan (chosen on these test scans, so
   * optimistic), the FROC at the LUNA16 rates with its mean (CPM) and the false positives among all
   * candidates; returns the operating point as {@link #row}.
   */
  static double[] report(
      List<SegmentationCase> test,
      List<ScanSegmentation> results,
      List<List<Nodule>> testNodules,
      MaskRcnnConfig cfg,
      StringBuilder froc) {
    DetectionEvaluation ev = evaluation(test, results, testNodules);
    for (double th : new double[] {0.05, 0.1, 0.2, 0.3, 0.4, cfg.scoreThreshold()}) {
      double[] e = row(ev.at(th));
      froc.append(
          String.format(
              Locale.ROOT,
              "score >= %.2f: sensitivity %.3f (%d/%d), FP/scan %.2f, mean Dice %.3f%n",
              th,
              e[0],
              (int) e[4],
              (int) e[5],
              e[1],
              e[2]));
    }
    double[] op = operatingPoint(ev, 2);
    froc.append(
        String.format(
            Locale.ROOT,
            "FROC operating point (<= 2 FP/scan, chosen on these scans): score >= %.3f, sensitivity %.3f, FP/scan %.2f, mean Dice %.3f%n",
            op[3],
            op[0],
            op[1],
            op[2]));
    Froc.Result f = ev.froc();
    froc.append("FROC:");
    for (int i = 0; i < f.fpRates().size(); i++) {
      froc.append(
          String.format(
              Locale.ROOT, " %s FP/scan %.3f;", f.fpRates().get(i), f.sensitivities().get(i)));
    }
    froc.append(String.format(Locale.ROOT, " CPM %.3f%n", f.cpm()));
    int fp = 0;
    double fpScore = 0;
    for (DetectionEvaluation.ScanMatch m : ev.scans()) {
      for (DetectionEvaluation.CandidateMatch c : m.candidates()) {
        if (!c.hit()) {
          fp++;
          fpScore += c.score();
        }
      }
    }
    froc.append(
        String.format(
            Locale.ROOT,
            "false positives (all candidates): %d, mean score %.3f%n",
            fp,
            fp == 0 ? 0 : fpScore / fp));
    return op;
  }

  /**
   * The operating point at no more than {@code maxFp} false positives per scan (the lowest such
   * threshold) ({@link DetectionEvaluation#chooseThreshold}), chosen on the scans it reports, as
   * {@link #row}.
   */
  static double[] operatingPoint(DetectionEvaluation ev, double maxFp) {
    return row(ev.at(ev.chooseThreshold(maxFp, "test")));
  }

  /**
   * The scans' detections matched to their nodules with the library's one hit rule ({@link
   * DetectionEvaluation}: centre strictly within the nodule's radius), Dice of each nodule's match.
   */
  static DetectionEvaluation evaluation(
      List<SegmentationCase> test, List<ScanSegmentation> results, List<List<Nodule>> testNodules) {
    List<DetectionEvaluation.ScanMatch> matches = new ArrayList<>();
    for (int c = 0; c < test.size(); c++) {
      Mask truthLabels = test.get(c).labels();
      Map<Integer, Mask> pred = Detection.labelMasks(results.get(c).labels());
      Map<Integer, Mask> truth = Detection.labelMasks(truthLabels);
      List<Detection.Candidate> cands = new ArrayList<>();
      for (DetectedNodule d : results.get(c).nodules()) {
        Mask m =
            pred.containsKey(d.label()) ? pred.get(d.label()) : emptyAt(truthLabels, d.centerMm());
        cands.add(new Detection.Candidate(d.centerMm(), d.score(), "segmenter").withMask(m));
      }
      List<Detection.TruthNodule> nodules = new ArrayList<>();
      for (int n = 0; n < testNodules.get(c).size(); n++) {
        Nodule t = testNodules.get(c).get(n);
        Mask m = truth.containsKey(n + 1) ? truth.get(n + 1) : emptyAt(truthLabels, t.centerMm());
        nodules.add(Detection.TruthNodule.of(t).withMask(m));
      }
      matches.add(DetectionEvaluation.match(new Detection.Scan("test " + c, cands, nodules)));
    }
    return DetectionEvaluation.of(matches);
  }

  /**
   * An empty one-voxel mask at the voxel nearest to a point: a label without voxels scores Dice 0.
   */
  private static Mask emptyAt(Mask grid, WorldPoint p) {
    var g = grid.geometry();
    var v = g.worldToVoxel(p).round();
    int i = Math.max(0, Math.min(g.dims().nx() - 1, v.i()));
    int j = Math.max(0, Math.min(g.dims().ny() - 1, v.j()));
    int k = Math.max(0, Math.min(g.dims().nz() - 1, v.k()));
    return Mask.empty(g.crop(new VoxelBox(i, j, k, i + 1, j + 1, k + 1)));
  }

  /**
   * Sensitivity, FP per scan, mean Dice of the detected nodules (0 if none), the threshold, nodules
   * found and nodules in all.
   */
  static double[] row(DetectionSummary s) {
    double dice = s.hitSegmentations().isEmpty() ? 0 : s.segmentation().meanDice();
    return new double[] {
      s.sensitivity(),
      s.fpPerScan(),
      dice,
      s.operatingPoint().threshold(),
      s.detectedNodules(),
      s.nodules()
    };
  }

  /** Every test scan segmented down to score 0.05. */
  static List<ScanSegmentation> segmentAll(NoduleSegmenter seg, List<SegmentationCase> test) {
    List<ScanSegmentation> out = new ArrayList<>();
    for (SegmentationCase sc : test) {
      out.add(seg.segment(sc.input(), 0.05));
    }
    return out;
  }

  static LabelledCrop cut(SegmentationCase sc, int z0, int y0, int x0, int s) {
    var d = sc.input().dims();
    float[] v = new float[s * s * s];
    byte[] l = new byte[s * s * s];
    for (int z = 0, o = 0; z < s; z++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++, o++) {
          int i = x0 + x;
          int j = y0 + y;
          int k = z0 + z;
          if (d.contains(i, j, k)) {
            v[o] = sc.input().get(i, j, k);
            l[o] = (byte) sc.labels().get(i, j, k);
          } else {
            v[o] = LungField.OUTSIDE_VALUE;
          }
        }
      }
    }
    return new LabelledCrop(s, v, l);
  }
}
