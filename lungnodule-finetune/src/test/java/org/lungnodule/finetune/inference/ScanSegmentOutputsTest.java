package org.lungnodule.finetune.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.models.maskrcnn.CandidateSource;
import org.lungnodule.models.maskrcnn.DetectedNodule;
import org.lungnodule.models.maskrcnn.MaskOrigin;
import org.lungnodule.models.maskrcnn.ScanSegmentation;

class ScanSegmentOutputsTest {

  /** Two hand-made nodules: a Mask R-CNN one rescored by the reducer, and a grown blob. */
  private static ScanSegmentation twoNodules() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(4, 4, 4), Spacing.isotropic(1));
    WorldPoint p = new WorldPoint(1, 2, 3);
    VoxelBox b = new VoxelBox(0, 0, 0, 1, 1, 1);
    byte[] labels = new byte[64];
    labels[0] = 1;
    labels[63] = 2;
    return new ScanSegmentation(
        List.of(
            new DetectedNodule(
                1,
                0.8,
                b,
                p,
                p,
                p,
                1.2,
                1,
                1,
                CandidateSource.MASK_RCNN,
                0.6,
                OptionalDouble.of(0.9),
                MaskOrigin.MASK_HEAD),
            new DetectedNodule(
                2,
                0.5,
                b,
                p,
                p,
                p,
                1.2,
                1,
                1,
                CandidateSource.BLOB,
                0.25,
                OptionalDouble.empty(),
                MaskOrigin.REGION_GROWING)),
        Mask.wrap(g, labels));
  }

  @Test
  void nodulesCsv_endsEachRowWithTheMaskOrigin() {
    List<String> lines = ScanSegmentOutputs.nodulesCsv(twoNodules()).lines().toList();
    assertEquals(ScanSegmentOutputs.CSV_HEADER, lines.get(0));
    assertTrue(ScanSegmentOutputs.CSV_HEADER.endsWith(",reducerProbability,maskOrigin"));
    assertEquals(
        "1,0.800000,1.000,2.000,3.000,1.200,1.000,mask-rcnn,0.600000,0.900000,mask-head",
        lines.get(1));
    assertEquals(
        "2,0.500000,1.000,2.000,3.000,1.200,1.000,blob,0.250000,,region-growing", lines.get(2));
  }

  @Test
  void detections_carryTheMaskOriginAfterTheScores() {
    List<Map<String, Object>> rows = ScanSegmentOutputs.detections(twoNodules());
    assertEquals("mask-head", rows.get(0).get("maskOrigin"));
    assertEquals("mask head, probability >= 0.5", rows.get(0).get("maskMethod"));
    assertEquals(
        List.of(
            "label",
            "score",
            "centerMm",
            "diameterMm",
            "volumeMm3",
            "boxMinMm",
            "boxMaxMm",
            "source",
            "maskMethod",
            "detectorScore",
            "reducerProbability",
            "maskOrigin"),
        List.copyOf(rows.get(0).keySet()));
    assertEquals("region-growing", rows.get(1).get("maskOrigin"));
    assertFalse(rows.get(1).containsKey("reducerProbability"));
    String json = ScanSegmentOutputs.nodulesJson(twoNodules());
    assertTrue(json.matches("(?s).*\"maskOrigin\"\\s*:\\s*\"region-growing\".*"), json);
  }
}
