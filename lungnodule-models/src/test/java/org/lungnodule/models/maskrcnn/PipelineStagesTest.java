package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.preprocess.DotFilter;

/** The detection pipeline's stages alone and composed, on tiny hand-made inputs (no network). */
class PipelineStagesTest {

  private static final float[] FULL = full();

  private static float[] full() {
    float[] m = new float[8];
    Arrays.fill(m, 1f);
    return m;
  }

  private static CropDetection det(Box3d b, double score) {
    return new CropDetection(b, score, 2, FULL);
  }

  /** A 20³ 1 mm volume of lung (30), no outside. */
  private static CtVolume lung() {
    return CtVolume.filled(VolumeGeometry.of(new Dims(20, 20, 20), Spacing.isotropic(1)), 30f);
  }

  @Test
  void acrossWindows_keepsTheHigherOfOverlappingBoxes() {
    CropDetection a = det(new Box3d(0, 0, 0, 4, 4, 4), 0.6);
    CropDetection b = det(new Box3d(1, 0, 0, 5, 4, 4), 0.5); // IoU with a: 48 / 80 = 0.6
    CropDetection c = det(new Box3d(10, 10, 10, 14, 14, 14), 0.9);
    List<CropDetection> raw = List.of(a, b, c);
    assertEquals(List.of(c, a), new MergeStage(0.5, 10, false).acrossWindows(raw));
    assertEquals(List.of(c, a, b), new MergeStage(0.7, 10, false).acrossWindows(raw));
    assertEquals(List.of(c), new MergeStage(0.7, 1, false).acrossWindows(raw));
  }

  @Test
  void rank_ordersByScoreAndDropsCandidatesCentredInAHigherOne() {
    CropDetection big = det(new Box3d(0, 0, 0, 6, 6, 6), 0.9);
    CropDetection inside = det(new Box3d(4, 4, 4, 6, 6, 6), 0.7); // centre (5, 5, 5)
    CropDetection onFace = det(new Box3d(5, 2, 2, 7, 4, 4), 0.7); // centre z 6: on big's face
    CropDetection far = det(new Box3d(10, 10, 10, 12, 12, 12), 0.8);
    List<CropDetection> in = List.of(inside, far, onFace, big);
    assertEquals(List.of(big, far, inside, onFace), new MergeStage(0.5, 10, false).rank(in));
    assertEquals(List.of(big, far), new MergeStage(0.5, 10, true).rank(in));
    assertTrue(MergeStage.holdsCentre(big.box(), onFace.box()));
    assertTrue(!MergeStage.holdsCentre(inside.box(), big.box()));
  }

  @Test
  void mergeStage_badSettings() {
    assertThrows(IllegalArgumentException.class, () -> new MergeStage(1.5, 10, false));
    assertThrows(IllegalArgumentException.class, () -> new MergeStage(0.5, -1, false));
  }

  @Test
  void paste_recordsHowEachMaskWasMade() {
    CropDetection head = det(new Box3d(2, 2, 2, 6, 6, 6), 0.9);
    CropDetection grown =
        new CropDetection(
            new Box3d(10, 10, 10, 13, 13, 13),
            new Box3d(10, 10, 10, 13, 13, 13),
            0.4,
            2,
            FULL,
            CandidateSource.BLOB,
            MaskOrigin.REGION_GROWING);
    ScanSegmentation s = MaskStage.paste(lung(), List.of(head, grown));
    assertEquals(2, s.nodules().size());
    assertEquals(MaskOrigin.MASK_HEAD, s.nodules().get(0).maskOrigin());
    assertEquals(CandidateSource.MASK_RCNN, s.nodules().get(0).source());
    assertEquals(MaskOrigin.REGION_GROWING, s.nodules().get(1).maskOrigin());
    assertEquals(CandidateSource.BLOB, s.nodules().get(1).source());
    assertEquals(27, s.nodules().get(1).voxelCount());
    assertTrue(s.nodules().get(1).toString().contains("mask region-growing"), s.toString());
    assertEquals("region-growing", MaskOrigin.REGION_GROWING.id());
    assertEquals("mask head, probability >= 0.5", MaskOrigin.MASK_HEAD.description());
  }

  /** A 30³ lung volume (30) with spheres of 150 of radius 2 at the given voxel centres. */
  private static CtVolume spheres(int[]... centres) {
    int n = 30;
    float[] v = new float[n * n * n];
    for (int k = 0, o = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++, o++) {
          v[o] = 30;
          for (int[] c : centres) {
            int d2 = (i - c[0]) * (i - c[0]) + (j - c[1]) * (j - c[1]) + (k - c[2]) * (k - c[2]);
            if (d2 <= 4) {
              v[o] = 150;
            }
          }
        }
      }
    }
    return CtVolume.wrap(VolumeGeometry.of(new Dims(n, n, n), Spacing.isotropic(1)), v);
  }

  @Test
  void blobCandidates_areGrownBlobsAwayFromEarlierCandidates() {
    CtVolume in = spheres(new int[] {8, 8, 8}, new int[] {20, 20, 20});
    DotFilter f = DotFilter.builder().build();
    BlobCandidates every = new BlobCandidates(f, 20, 0);
    List<CropDetection> all =
        every.propose(in, 0.5, List.of(), NoduleSegmenter.WindowListener.NONE);
    assertEquals(2, all.size(), all.toString());
    for (CropDetection c : all) {
      assertEquals(CandidateSource.BLOB, c.source());
      assertEquals(MaskOrigin.REGION_GROWING, c.maskOrigin());
    }
    // an earlier candidate centred 2 voxels from the sphere at (20, 20, 20): within 3 mm it takes
    // that blob, within 1 mm it does not
    CropDetection earlier = det(new Box3d(19.5, 19.5, 21.5, 21.5, 21.5, 23.5), 0.9);
    List<CropDetection> rest =
        new BlobCandidates(f, 20, 3)
            .propose(in, 0.5, List.of(earlier), NoduleSegmenter.WindowListener.NONE);
    assertEquals(1, rest.size());
    assertTrue(MergeStage.holdsCentre(new Box3d(5, 5, 5, 12, 12, 12), rest.get(0).box()));
    assertEquals(
        all,
        new BlobCandidates(f, 20, 1)
            .propose(in, 0.5, List.of(earlier), NoduleSegmenter.WindowListener.NONE));
  }

  @Test
  void blobCandidates_scoreAndSettings() {
    BlobCandidates b = new BlobCandidates(DotFilter.builder().build(), 20, 0);
    assertEquals(0.5, b.score(5), 1e-12);
    assertEquals(1, b.score(45), 0);
    assertEquals(0, b.score(-1), 0);
    assertEquals(CandidateSource.BLOB, b.source());
    DotFilter f = DotFilter.builder().build();
    assertThrows(IllegalArgumentException.class, () -> new BlobCandidates(f, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new BlobCandidates(f, 20, -1));
    assertThrows(
        IllegalArgumentException.class, () -> new BlobCandidates(f, 20, Double.POSITIVE_INFINITY));
  }

  /** A source that proposes fixed candidates and records what it was given. */
  private static final class Fixed implements CandidateStage {
    final CandidateSource source;
    final List<CropDetection> out;
    final List<Double> minScores = new ArrayList<>();
    final List<List<CropDetection>> earlier = new ArrayList<>();

    Fixed(CandidateSource source, List<CropDetection> out) {
      this.source = source;
      this.out = out;
    }

    @Override
    public CandidateSource source() {
      return source;
    }

    @Override
    public List<CropDetection> propose(
        CtVolume input,
        double minScore,
        List<CropDetection> earlier,
        NoduleSegmenter.WindowListener listener) {
      minScores.add(minScore);
      this.earlier.add(earlier);
      listener.windowDone(1, 1);
      return out;
    }
  }

  /** A second stage that gives each candidate the probability 1 − its score and keeps it as is. */
  private static final RescoringStage INVERT =
      new RescoringStage() {
        @Override
        public double candidateScore() {
          return 0.1;
        }

        @Override
        public List<CropDetection> rescoreCandidates(
            CtVolume input, List<CropDetection> candidates, double minScore) {
          List<CropDetection> out = new ArrayList<>();
          for (CropDetection c : candidates) {
            if (1 - c.score() >= minScore) {
              out.add(c.rescored(1 - c.score(), 1 - c.score()));
            }
          }
          return out;
        }
      };

  @Test
  void run_withoutSecondStageIsTheWindowMergedFirstSource() {
    CropDetection a = det(new Box3d(2, 2, 2, 6, 6, 6), 0.6);
    CropDetection b = det(new Box3d(2, 2, 3, 6, 6, 7), 0.8); // IoU with a 0.6: merged away
    CropDetection c = det(new Box3d(10, 10, 10, 14, 14, 14), 0.3);
    Fixed first = new Fixed(CandidateSource.MASK_RCNN, List.of(a, b, c));
    DetectionPipeline p =
        DetectionPipeline.of(first, List.of(), Optional.empty(), new MergeStage(0.5, 10, true));
    List<Integer> windows = new ArrayList<>();
    ScanSegmentation s = p.run(lung(), 0.25, (done, total) -> windows.add(done));
    assertEquals(List.of(0.25), first.minScores);
    assertEquals(List.of(1), windows, "the first source hears the listener");
    assertEquals(MaskStage.paste(lung(), List.of(b, c)).nodules(), s.nodules());
    assertTrue(p.rescoring().isEmpty());
  }

  @Test
  void run_withSecondStageRescoresEverySourceAndRanks() {
    CropDetection a = det(new Box3d(2, 2, 2, 6, 6, 6), 0.6);
    CropDetection c = det(new Box3d(10, 10, 10, 14, 14, 14), 0.3);
    CropDetection blob = det(new Box3d(3, 3, 3, 5, 5, 5), 0.2); // centred in a
    CropDetection weak = det(new Box3d(15, 15, 15, 18, 18, 18), 0.9);
    Fixed first = new Fixed(CandidateSource.MASK_RCNN, List.of(a, c));
    Fixed second = new Fixed(CandidateSource.BLOB, List.of(blob, weak));
    DetectionPipeline p =
        DetectionPipeline.of(
            first, List.of(second), Optional.of(INVERT), new MergeStage(0.5, 10, true));
    ScanSegmentation s = p.run(lung(), 0.3, NoduleSegmenter.WindowListener.NONE);
    assertEquals(List.of(0.1), first.minScores, "down to the second stage's candidate score");
    assertEquals(List.of(List.of(a, c)), second.earlier, "the blobs see the first's candidates");
    // final scores: blob 0.8, c 0.7, a 0.4, weak 0.1 (below 0.3, dropped); a's centre (4, 4, 4)
    // lies in the blob's box [3, 5]³: dropped as a duplicate
    List<CropDetection> expected = List.of(blob.rescored(0.8, 0.8), c.rescored(0.7, 0.7));
    assertEquals(MaskStage.paste(lung(), expected).nodules(), s.nodules());
    assertEquals(0.2, s.nodules().get(0).detectorScore(), 1e-12);
    assertEquals(0.8, s.nodules().get(0).reducerProbability().orElseThrow(), 1e-12);
    assertThrows(
        IllegalArgumentException.class,
        () -> p.run(lung(), 1.5, NoduleSegmenter.WindowListener.NONE));
  }

  @Test
  void of_moreSourcesWithoutSecondStage() {
    Fixed first = new Fixed(CandidateSource.MASK_RCNN, List.of());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DetectionPipeline.of(
                    first,
                    List.of(new Fixed(CandidateSource.BLOB, List.of())),
                    Optional.empty(),
                    new MergeStage(0.5, 10, false)));
    assertTrue(e.getMessage().contains("rescoring stage"), e.getMessage());
  }
}
