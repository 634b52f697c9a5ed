package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.models.ModelArchiveException;
import org.lungnodule.models.Provenance;

class NoduleSegmenterTest {

  private static final MaskRcnnConfig TINY = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);

  @Test
  void starts_windowTable() {
    assertArrayEquals(new int[] {0, 24, 48, 68}, SlidingWindowDetector.starts(100, 32, 8));
    assertArrayEquals(new int[] {0}, SlidingWindowDetector.starts(32, 32, 8));
    assertArrayEquals(new int[] {0}, SlidingWindowDetector.starts(20, 32, 8));
    assertArrayEquals(new int[] {0, 1}, SlidingWindowDetector.starts(33, 32, 8));
  }

  @Test
  void segment_labelsMatchNodulesAndArchiveRoundTrips(@TempDir Path dir) throws Exception {
    MaskRcnnModel model = MaskRcnnModel.create(TINY, 9);
    Provenance p =
        Provenance.now(
            NoduleSegmenter.MODEL_KIND,
            Provenance.hashTrainingData(List.of("a"), List.of()),
            9,
            Map.of("preset", "TINY"));
    NoduleSegmenter seg = NoduleSegmenter.of(model, p);
    SegmentationCase sc = SyntheticCrops.scan(1);
    java.util.List<int[]> calls = new java.util.ArrayList<>();
    ScanSegmentation res = seg.segment(sc.input(), 0.0, (d, t) -> calls.add(new int[] {d, t}));
    // the listener hears every window once, in order, with the scan's window count
    org.lungnodule.core.Dims dims = sc.input().dims();
    int s = model.config().cropSize();
    int overlap = model.config().windowOverlap();
    int windows =
        SlidingWindowDetector.starts(dims.nx(), s, overlap).length
            * SlidingWindowDetector.starts(dims.ny(), s, overlap).length
            * SlidingWindowDetector.starts(dims.nz(), s, overlap).length;
    assertEquals(windows, calls.size());
    for (int i = 0; i < calls.size(); i++) {
      assertArrayEquals(new int[] {i + 1, windows}, calls.get(i));
    }
    assertEquals(
        res.nodules(), seg.segment(sc.input(), 0.0).nodules(), "the listener changes nothing");
    assertEquals(
        res.nodules(),
        DetectionPipeline.maskRcnn(model)
            .run(sc.input(), 0.0, NoduleSegmenter.WindowListener.NONE)
            .nodules(),
        "without a reducer segment is the plain Mask R-CNN pipeline");
    assertTrue(seg.pipeline().rescoring().isEmpty());
    assertTrue(
        res.nodules().stream()
            .allMatch(
                n ->
                    n.source() == CandidateSource.MASK_RCNN
                        && n.maskOrigin() == MaskOrigin.MASK_HEAD));
    assertFalse(
        res.nodules().isEmpty(),
        "an untrained model scores about 0.5, so minScore 0 keeps detections");
    assertEquals(sc.input().geometry(), res.labels().geometry());
    long[] counts = new long[256];
    for (int i = 0; i < res.labels().dims().voxelCount(); i++) {
      counts[res.labels().get(i)]++;
    }
    double prev = 1;
    for (DetectedNodule n : res.nodules()) {
      assertEquals(counts[n.label()], n.voxelCount(), "label " + n.label());
      assertEquals(n.voxelCount(), n.volumeMm3(), 1e-9); // 1 mm voxels
      assertEquals(n.voxelCount(), res.mask(n).count());
      assertTrue(n.score() <= prev);
      prev = n.score();
    }
    Path file = dir.resolve("model.zip");
    seg.save(file);
    NoduleSegmenter back = NoduleSegmenter.load(file);
    assertEquals(TINY, back.model().config());
    assertEquals(p.trainingDataHash(), back.provenance().trainingDataHash());
    ScanSegmentation again = back.segment(sc.input(), 0.0);
    assertEquals(res.nodules().size(), again.nodules().size());
    for (int i = 0; i < res.nodules().size(); i++) {
      assertEquals(res.nodules().get(i).score(), again.nodules().get(i).score(), 1e-6);
      assertEquals(res.nodules().get(i).boxVoxels(), again.nodules().get(i).boxVoxels());
    }
  }

  @Test
  void load_badFileNamesIt(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.zip");
    Files.writeString(junk, "not a zip");
    ModelArchiveException e =
        assertThrows(ModelArchiveException.class, () -> NoduleSegmenter.load(junk));
    assertTrue(e.getMessage().contains("junk.zip"), e.getMessage());
  }

  @Test
  void paste_dropsEmptyAndOutsideLungMasks() {
    // 20^3 volume: lung (value 30) in x < 10, the outside value 170 in x >= 10
    org.lungnodule.core.VolumeGeometry g =
        org.lungnodule.core.VolumeGeometry.of(
            new org.lungnodule.core.Dims(20, 20, 20), new org.lungnodule.core.Spacing(1, 1, 1));
    float[] v = new float[8000];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 20 < 10 ? 30f : 170f;
    }
    org.lungnodule.core.CtVolume input = org.lungnodule.core.CtVolume.wrap(g, v);
    float[] full = new float[8];
    java.util.Arrays.fill(full, 1f);
    CropDetection outside = new CropDetection(new Box3d(4, 4, 12, 8, 8, 16), 0.9, 2, full);
    CropDetection empty = new CropDetection(new Box3d(10, 10, 2, 14, 14, 6), 0.8, 2, new float[8]);
    CropDetection inLung = new CropDetection(new Box3d(4, 4, 2, 8, 8, 6), 0.7, 2, full);
    ScanSegmentation r = MaskStage.paste(input, List.of(outside, empty, inLung));
    assertEquals(1, r.nodules().size(), r.nodules().toString());
    DetectedNodule n = r.nodules().get(0);
    assertEquals(1, n.label());
    assertEquals(0.7, n.score(), 1e-12);
    assertEquals(64, n.voxelCount());
    assertEquals(64, r.mask(n).count());
    assertEquals(3.5, n.centerMm().xMm() - g.voxelToWorld(0, 0, 0).xMm(), 1e-9); // voxels x = 2..5
  }

  @Test
  void segment_rejectsBadScore() {
    NoduleSegmenter seg =
        NoduleSegmenter.of(
            MaskRcnnModel.create(TINY, 1),
            Provenance.now(
                NoduleSegmenter.MODEL_KIND,
                Provenance.hashTrainingData(List.of("a"), List.of()),
                1,
                Map.of()));
    assertThrows(
        IllegalArgumentException.class, () -> seg.segment(SyntheticCrops.scan(2).input(), 1.5));
  }
}
