package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.models.Provenance;

/** The pipeline makes Mask R-CNN masks only for the detections it keeps, and times its stages. */
class DeferredMasksTest {

  private static final MaskRcnnConfig TINY = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);

  /**
   * The plain Mask R-CNN, each window's masks made at once, pasted: what the pipeline must give.
   */
  private static ScanSegmentation eager(MaskRcnnModel model, CtVolume in, double minScore) {
    MergeStage merge =
        new MergeStage(
            model.config().inference().detectionNmsIou(), 4 * MaskStage.MAX_LABELS, false);
    List<CropDetection> raw =
        new SlidingWindowDetector(model)
            .propose(in, minScore, List.of(), NoduleSegmenter.WindowListener.NONE);
    for (CropDetection d : raw) {
      assertNull(d.pendingMask(), "propose makes every mask");
    }
    return MaskStage.paste(in, merge.acrossWindows(raw));
  }

  @Test
  void maskRcnn_masksOnlyForKeptDetections_sameResult() {
    MaskRcnnModel model = MaskRcnnModel.create(TINY, 9);
    CtVolume in = SyntheticCrops.scan(1).input();
    DetectionPipeline p = DetectionPipeline.maskRcnn(model);
    assertTrue(p.defersMasks());
    for (double minScore : new double[] {0.0, 0.3}) {
      DetectionPipeline.Timed t = p.runTimed(in, minScore, NoduleSegmenter.WindowListener.NONE);
      ScanSegmentation want = eager(model, in, minScore);
      assertEquals(want.nodules(), t.segmentation().nodules(), "min score " + minScore);
      for (int i = 0; i < in.dims().voxelCount(); i++) {
        assertEquals(want.labels().get(i), t.segmentation().labels().get(i));
      }
      StageTimes st = t.times();
      assertTrue(st.windows() > 0, st.toString());
      assertTrue(st.boxHeadRois() > 0, st.toString());
      assertEquals(0, st.rescored());
      assertEquals(0, st.rescoringNanos());
      assertEquals(want.nodules().size(), st.nodules());
      assertTrue(st.backboneNanos() > 0 && st.firstSourceNanos() >= st.backboneNanos());
      // masks only for the merged detections, not for every window's
      assertTrue(
          st.maskHeadRois() <= st.firstCandidates(),
          "mask head on " + st.maskHeadRois() + " of " + st.firstCandidates() + " kept");
    }
    // a window's raw detections outnumber the merged ones somewhere: the deferral saves work
    MaskRcnnModel m2 = MaskRcnnModel.create(TINY, 9);
    List<CropDetection> raw =
        new SlidingWindowDetector(m2)
            .propose(in, 0.0, List.of(), NoduleSegmenter.WindowListener.NONE);
    StageTimes st = DetectionPipeline.maskRcnn(m2).runTimed(in, 0.0, (d, n) -> {}).times();
    assertTrue(
        st.maskHeadRois() < raw.size(),
        "mask head on " + st.maskHeadRois() + " merged, " + raw.size() + " raw");
  }

  @Test
  void pendingMask_cannotBeRead_untilMade() {
    MaskRcnnModel model = MaskRcnnModel.create(TINY, 9);
    CtVolume in = SyntheticCrops.scan(1).input();
    SlidingWindowDetector w = new SlidingWindowDetector(model);
    List<CropDetection> pending =
        w.proposeWithoutMasks(in, 0.0, NoduleSegmenter.WindowListener.NONE);
    assertFalse(pending.isEmpty());
    CropDetection d = pending.get(0);
    assertNotNull(d.pendingMask());
    assertThrows(IllegalStateException.class, () -> d.maskAt(1, 1, 1));
    assertThrows(IllegalStateException.class, d::maskProbabilities);
    // rescoring and shifting keep it pending
    assertNotNull(d.rescored(0.5, 0.5).pendingMask());
    List<CropDetection> made = w.resolveMasks(in, List.of(d.rescored(0.5, 0.5)));
    assertNull(made.get(0).pendingMask());
    assertEquals(0.5, made.get(0).score());
    // the same mask as the window's eager detection with that box
    List<CropDetection> eager = w.propose(in, 0.0, List.of(), NoduleSegmenter.WindowListener.NONE);
    CropDetection twin =
        eager.stream().filter(e -> e.box().equals(d.box())).findFirst().orElseThrow();
    float[] a = twin.maskProbabilities();
    float[] b = made.get(0).maskProbabilities();
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-5, "mask value " + i);
    }
  }

  @Test
  void twoStage_defers_andCountsRescored() {
    MaskRcnnModel model = MaskRcnnModel.create(TINY, 3);
    NoduleSegmenter seg =
        NoduleSegmenter.of(model, Provenance.now(NoduleSegmenter.MODEL_KIND, "d", 3, Map.of()));
    CtVolume in = SyntheticCrops.scan(2).input();
    // a pipeline with a stage that is not ours makes masks at once
    CandidateStage foreign =
        new CandidateStage() {
          @Override
          public CandidateSource source() {
            return CandidateSource.BLOB;
          }

          @Override
          public List<CropDetection> propose(
              CtVolume input,
              double minScore,
              List<CropDetection> earlier,
              NoduleSegmenter.WindowListener listener) {
            for (CropDetection e : earlier) {
              e.maskAt(0, 0, 0); // reads masks: must not see a pending one
            }
            return new ArrayList<>();
          }
        };
    RescoringStage keepAll =
        new RescoringStage() {
          @Override
          public double candidateScore() {
            return 0;
          }

          @Override
          public List<CropDetection> rescoreCandidates(
              CtVolume input, List<CropDetection> candidates, double minScore) {
            return candidates;
          }
        };
    DetectionPipeline p =
        DetectionPipeline.of(
            new SlidingWindowDetector(model),
            List.of(foreign),
            java.util.Optional.of(keepAll),
            seg.pipeline().merge());
    assertFalse(p.defersMasks());
    StageTimes st = p.runTimed(in, 0.0, NoduleSegmenter.WindowListener.NONE).times();
    assertEquals(st.firstCandidates(), st.rescored());
  }
}
