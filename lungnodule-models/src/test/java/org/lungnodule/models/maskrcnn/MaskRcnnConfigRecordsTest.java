package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig.Preset;

/**
 * One test per rule of {@link MaskRcnnConfig}'s records: each starts from the SMALL preset's record
 * and changes the values the rule is about.
 */
class MaskRcnnConfigRecordsTest {

  private static final MaskRcnnConfig SMALL = MaskRcnnConfig.of(Preset.SMALL);
  private static final BackboneSettings b = SMALL.backbone();
  private static final RpnSettings r = SMALL.rpn();
  private static final RoiHeadSettings h = SMALL.roiHeads();
  private static final InferenceSettings i = SMALL.inference();
  private static final TrainingSettings t = SMALL.training();

  private static void rejected(String message, Executable create) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, create);
    assertEquals(message, e.getMessage());
  }

  /**
   * A copy of a record with the named components replaced, made through its canonical constructor
   * (so that the constructor's exception comes through as it is).
   */
  @SuppressWarnings("unchecked")
  static <R extends Record> R with(R base, Object... nameValue) throws Exception {
    RecordComponent[] cs = base.getClass().getRecordComponents();
    Object[] args = new Object[cs.length];
    Class<?>[] types = new Class<?>[cs.length];
    for (int k = 0; k < cs.length; k++) {
      args[k] = cs[k].getAccessor().invoke(base);
      types[k] = cs[k].getType();
    }
    for (int n = 0; n < nameValue.length; n += 2) {
      int k = 0;
      while (!cs[k].getName().equals(nameValue[n])) {
        k++; // an unknown name runs off the end: a mistyped test fails
      }
      args[k] = nameValue[n + 1];
    }
    try {
      return (R) base.getClass().getDeclaredConstructor(types).newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  @Test
  void backbone_cropSizeNotPositive() {
    rejected("crop size must be positive, got 0", () -> with(b, "cropSize", 0));
  }

  @Test
  void backbone_stemChannelsNotPositive() {
    rejected("stem channels must be positive, got 0", () -> with(b, "stemChannels", 0));
  }

  @Test
  void backbone_stemStrideNot1Or2() {
    rejected("stem stride must be 1 or 2, got 3", () -> with(b, "stemStride", 3));
  }

  @Test
  void backbone_stagesEmpty() {
    rejected(
        "stages need equally many blocks, widths and strides (at least one), got [], [], []",
        () ->
            with(b, "stageBlocks", List.of(), "stageWidths", List.of(), "stageStrides", List.of()));
  }

  @Test
  void backbone_stagesUnequal() {
    rejected(
        "stages need equally many blocks, widths and strides (at least one), got [1, 1], [16], [2, 2]",
        () -> with(b, "stageWidths", List.of(16)));
  }

  @Test
  void backbone_stageBlocksNotPositive() {
    rejected(
        "blocks per stage must be positive, got 0", () -> with(b, "stageBlocks", List.of(1, 0)));
  }

  @Test
  void backbone_stageWidthNotPositive() {
    rejected(
        "stage width must be positive, got -32", () -> with(b, "stageWidths", List.of(16, -32)));
  }

  @Test
  void backbone_stageStrideNot1Or2() {
    rejected("stage stride must be 1 or 2, got 4", () -> with(b, "stageStrides", List.of(2, 4)));
  }

  @Test
  void backbone_featureChannelsNotPositive() {
    rejected("feature channels must be positive, got 0", () -> with(b, "featureChannels", 0));
  }

  @Test
  void backbone_normGroupsNegative() {
    rejected("norm groups must not be negative, got -1", () -> with(b, "normGroups", -1));
  }

  @Test
  void backbone_cropSizeNotMultipleOfStride() {
    rejected(
        "crop size must be a multiple of the feature stride 4, got 66",
        () -> with(b, "cropSize", 66));
  }

  @Test
  void backbone_channelsNotMultipleOfNormGroups() {
    rejected(
        "channel counts must be multiples of norm groups 8, got 12",
        () -> with(b, "stemChannels", 12));
  }

  @Test
  void rpn_anchorSizesEmpty() {
    rejected("need at least one anchor size", () -> with(r, "anchorSizesMm", List.of()));
  }

  @Test
  void rpn_anchorSizeNotPositive() {
    rejected(
        "anchor sizes must be positive, got -2.0 mm",
        () -> with(r, "anchorSizesMm", List.of(6.0, -2.0)));
  }

  @Test
  void rpn_positiveIouOutOfUnit() {
    rejected("rpn positive iou must be in [0, 1], got 1.5", () -> with(r, "positiveIou", 1.5));
  }

  @Test
  void rpn_negativeIouOutOfUnit() {
    rejected("rpn negative iou must be in [0, 1], got -0.1", () -> with(r, "negativeIou", -0.1));
  }

  @Test
  void rpn_negativeIouAbovePositive() {
    rejected(
        "rpn negative iou must not exceed positive iou, got 0.5 > 0.4",
        () -> with(r, "negativeIou", 0.5));
  }

  @Test
  void rpn_batchNotPositive() {
    rejected("rpn batch must be positive, got 0", () -> with(r, "batch", 0));
  }

  @Test
  void rpn_preNmsTopNNotPositive() {
    rejected("pre-nms top-n must be positive, got 0", () -> with(r, "preNmsTopN", 0));
  }

  @Test
  void rpn_postNmsTopNNotPositive() {
    rejected("post-nms top-n must be positive, got 0", () -> with(r, "postNmsTopN", 0));
  }

  @Test
  void rpn_nmsIouOutOfUnit() {
    rejected("proposal nms iou must be in [0, 1], got NaN", () -> with(r, "nmsIou", Double.NaN));
  }

  @Test
  void rpn_hardNegativeFractionOutOfUnit() {
    rejected(
        "rpn hard negative fraction must be in [0, 1], got 1.1",
        () -> with(r, "hardNegativeFraction", 1.1));
  }

  @Test
  void rpn_scoreWeightOutOfUnit() {
    rejected("rpn score weight must be in [0, 1], got -0.5", () -> with(r, "scoreWeight", -0.5));
  }

  @Test
  void roiHeads_batchNotPositive() {
    rejected("roi batch must be positive, got 0", () -> with(h, "batch", 0));
  }

  @Test
  void roiHeads_positiveFractionZero() {
    rejected(
        "roi positive fraction must be in (0, 1], got 0.0", () -> with(h, "positiveFraction", 0.0));
  }

  @Test
  void roiHeads_positiveFractionAboveOne() {
    rejected(
        "roi positive fraction must be in (0, 1], got 1.5", () -> with(h, "positiveFraction", 1.5));
  }

  @Test
  void roiHeads_positiveIouOutOfUnit() {
    rejected("roi positive iou must be in [0, 1], got 2.0", () -> with(h, "positiveIou", 2.0));
  }

  @Test
  void roiHeads_negativeIouOutOfUnit() {
    rejected("roi negative iou must be in [0, 1], got -1.0", () -> with(h, "negativeIou", -1.0));
  }

  @Test
  void roiHeads_negativeIouAbovePositive() {
    rejected(
        "roi negative iou 0.3 exceeds the positive iou 0.25", () -> with(h, "negativeIou", 0.3));
  }

  @Test
  void roiHeads_poolSizeNotPositive() {
    rejected("pool size must be positive, got 0", () -> with(h, "poolSize", 0));
  }

  @Test
  void roiHeads_boxHeadHiddenNotPositive() {
    rejected("box head width must be positive, got 0", () -> with(h, "boxHeadHidden", 0));
  }

  @Test
  void roiHeads_maskHeadChannelsNotPositive() {
    rejected("mask head channels must be positive, got 0", () -> with(h, "maskHeadChannels", 0));
  }

  @Test
  void roiHeads_maskContextOutOfRange() {
    rejected("mask context must be in [1, 3], got 0.9", () -> with(h, "maskContext", 0.9));
  }

  @Test
  void roiHeads_boxContextOutOfRange() {
    rejected("box context must be in [1, 3], got 3.5", () -> with(h, "boxContext", 3.5));
  }

  @Test
  void inference_scoreThresholdOutOfUnit() {
    rejected("score threshold must be in [0, 1], got 1.2", () -> with(i, "scoreThreshold", 1.2));
  }

  @Test
  void inference_detectionNmsIouOutOfUnit() {
    rejected(
        "detection nms iou must be in [0, 1], got -0.2", () -> with(i, "detectionNmsIou", -0.2));
  }

  @Test
  void inference_maxDetectionsNotPositive() {
    rejected("max detections must be positive, got 0", () -> with(i, "maxDetections", 0));
  }

  @Test
  void inference_windowOverlapNegative() {
    rejected("window overlap must not be negative, got -1", () -> with(i, "windowOverlap", -1));
  }

  @Test
  void inference_lungDilationOutOfRange() {
    rejected(
        "lung dilation must be in [0, 50] mm, got 50.5", () -> with(i, "lungDilationMm", 50.5));
  }

  @Test
  void training_epochsNotPositive() {
    rejected("epochs must be positive, got 0", () -> with(t, "epochs", 0));
  }

  @Test
  void training_cropsPerEpochNotPositive() {
    rejected("crops per epoch must be positive, got 0", () -> with(t, "cropsPerEpoch", 0));
  }

  @Test
  void training_learningRateNotPositive() {
    rejected("learning rate must be positive, got -1.0", () -> with(t, "learningRate", -1.0));
  }

  @Test
  void training_learningRateInfinite() {
    rejected(
        "learning rate must be positive, got Infinity",
        () -> with(t, "learningRate", Double.POSITIVE_INFINITY));
  }

  @Test
  void training_roiHeadStartOutOfUnit() {
    rejected("roi head start must be in [0, 1], got -0.1", () -> with(t, "roiHeadStart", -0.1));
  }

  @Test
  void training_maskHeadStartOutOfUnit() {
    rejected("mask head start must be in [0, 1], got 1.1", () -> with(t, "maskHeadStart", 1.1));
  }

  @Test
  void training_maskHeadBeforeRoiHead() {
    rejected(
        "mask head must not start before the roi head, got 0.2 < 0.5",
        () -> with(t, "roiHeadStart", 0.5, "maskHeadStart", 0.2));
  }

  @Test
  void training_positiveCropFractionOutOfUnit() {
    rejected(
        "positive crop fraction must be in [0, 1], got 1.5",
        () -> with(t, "positiveCropFraction", 1.5));
  }

  @Test
  void records_presetValuesAccepted() throws Exception {
    assertEquals(b, with(b, "cropSize", b.cropSize()));
    assertEquals(r, with(r, "batch", r.batch()));
    assertEquals(h, with(h, "batch", h.batch()));
    assertEquals(i, with(i, "windowOverlap", i.windowOverlap()));
    assertEquals(t, with(t, "epochs", t.epochs()));
  }

  @Test
  void training_optimizerNull() {
    assertThrows(NullPointerException.class, () -> with(t, "optimizer", null));
  }

  @Test
  void training_learningRateDecayNull() {
    assertThrows(NullPointerException.class, () -> with(t, "learningRateDecay", null));
  }

  @Test
  void backbone_listsCopied() throws Exception {
    List<Integer> blocks = new ArrayList<>(List.of(1, 1));
    BackboneSettings copy = with(b, "stageBlocks", blocks);
    blocks.set(0, 5);
    assertEquals(List.of(1, 1), copy.stageBlocks());
    assertThrows(UnsupportedOperationException.class, () -> copy.stageBlocks().set(0, 2));
  }

  @Test
  void rpn_anchorSizesCopied() throws Exception {
    List<Double> sizes = new ArrayList<>(List.of(6.0, 12.0));
    RpnSettings copy = with(r, "anchorSizesMm", sizes);
    sizes.clear();
    assertEquals(List.of(6.0, 12.0), copy.anchorSizesMm());
  }

  @Test
  void config_windowOverlapNotBelowCropSize() {
    rejected(
        "window overlap must be below the crop size 64, got 64",
        () -> new MaskRcnnConfig(Preset.SMALL, b, r, h, with(i, "windowOverlap", 64), t));
  }

  @Test
  void config_maskHeadChannelsNotMultipleOfNormGroups() {
    rejected(
        "channel counts must be multiples of norm groups 8, got 20",
        () -> new MaskRcnnConfig(Preset.SMALL, b, r, with(h, "maskHeadChannels", 20), i, t));
  }

  @Test
  void config_derivedValues() {
    assertEquals(4, b.featureStride());
    assertEquals(14, h.maskSize());
    assertEquals(32, MaskRcnnConfig.of(Preset.PAPER).backbone().featureStride());
    assertEquals(0.0, i.lungField().dilationMm(), 0);
  }
}
