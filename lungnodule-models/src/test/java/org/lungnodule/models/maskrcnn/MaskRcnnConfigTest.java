package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig.Preset;
import org.lungnodule.models.training.Schedule;

class MaskRcnnConfigTest {

  @Test
  void presets_strides() {
    assertEquals(32, MaskRcnnConfig.of(Preset.PAPER).featureStride());
    assertEquals(1000, MaskRcnnConfig.of(Preset.PAPER).postNmsTopN());
    assertEquals(256, MaskRcnnConfig.of(Preset.PAPER).featureChannels());
    assertEquals(128, MaskRcnnConfig.of(Preset.PAPER).cropSize());
    assertEquals(65.0 / 200, MaskRcnnConfig.of(Preset.PAPER).roiHeadStart(), 1e-12);
    assertEquals(4, MaskRcnnConfig.of(Preset.SMALL).featureStride());
    assertEquals(14, MaskRcnnConfig.of(Preset.PAPER).maskSize());
  }

  @Test
  void setter_invalidValuesNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MaskRcnnConfig.builder(Preset.SMALL).learningRate(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> MaskRcnnConfig.builder(Preset.SMALL).anchorSizesMm(4, -2));
    assertThrows(
        IllegalArgumentException.class,
        () -> MaskRcnnConfig.builder(Preset.SMALL).schedule(0.5, 0.2));
    assertThrows(
        IllegalArgumentException.class, () -> MaskRcnnConfig.builder(Preset.SMALL).stem(8, 3));
    assertThrows(NullPointerException.class, () -> MaskRcnnConfig.builder(null));
  }

  @Test
  void setter_twiceNamesOldValue() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> MaskRcnnConfig.builder(Preset.SMALL).epochs(3).epochs(4));
    assertTrue(e.getMessage().contains("3"), e.getMessage());
  }

  @Test
  void build_crossFieldRules() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MaskRcnnConfig.builder(Preset.SMALL).cropSize(66).build()); // stride 4
    assertThrows(
        IllegalArgumentException.class,
        () -> MaskRcnnConfig.builder(Preset.SMALL).windowOverlap(64).build());
  }

  @Test
  void toMap_roundTrips() {
    MaskRcnnConfig c = MaskRcnnConfig.builder(Preset.SMALL).anchorSizesMm(5, 9.5).epochs(7).build();
    MaskRcnnConfig back = MaskRcnnConfig.fromMap(c.toMap());
    assertEquals(c, back);
    assertEquals(
        MaskRcnnConfig.of(Preset.PAPER),
        MaskRcnnConfig.fromMap(MaskRcnnConfig.of(Preset.PAPER).toMap()));
  }

  @Test
  void roiSamplingAndMaskContext_validatedAndPersisted() {
    MaskRcnnConfig c =
        MaskRcnnConfig.builder(Preset.SMALL)
            .roiSampling(16, 0.5, 0.3, 0.05)
            .maskContext(1.25)
            .build();
    assertEquals(1.25, c.maskContext(), 0);
    assertEquals(0.05, (double) c.toMap().get("roiNegativeIou"), 0);
    assertEquals(c, MaskRcnnConfig.fromMap(c.toMap()));
    assertEquals(1.5, MaskRcnnConfig.of(Preset.SMALL).maskContext(), 0);
    assertEquals(0.1, (double) MaskRcnnConfig.of(Preset.SMALL).toMap().get("roiNegativeIou"), 0);
    // the three-argument form: everything below the positive IoU is background
    assertEquals(
        0.4,
        (double)
            MaskRcnnConfig.builder(Preset.SMALL)
                .roiSampling(16, 0.5, 0.4)
                .build()
                .toMap()
                .get("roiNegativeIou"),
        0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MaskRcnnConfig.builder(Preset.SMALL).roiSampling(16, 0.5, 0.2, 0.3));
    assertTrue(e.getMessage().contains("0.3"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> MaskRcnnConfig.builder(Preset.SMALL).maskContext(0.9));
    assertThrows(
        IllegalArgumentException.class,
        () -> MaskRcnnConfig.builder(Preset.SMALL).maskContext(Double.NaN));
  }

  @Test
  void fromMap_archiveWithoutNewKeys_readsAsBefore() {
    java.util.Map<String, Object> m =
        new java.util.LinkedHashMap<>(MaskRcnnConfig.of(Preset.SMALL).toMap());
    m.remove("configVersion"); // a version-1 archive
    m.put("roiPositiveIou", 0.4);
    m.remove("roiNegativeIou");
    m.remove("maskContext");
    MaskRcnnConfig c = MaskRcnnConfig.fromMap(m);
    assertEquals(0.4, (double) c.toMap().get("roiNegativeIou"), 0);
    assertEquals(1.5, c.maskContext(), 0);
  }

  @Test
  void boxContextAndHardNegatives_validatedAndPersisted() {
    MaskRcnnConfig c =
        MaskRcnnConfig.builder(Preset.SMALL).boxContext(2).rpnHardNegativeFraction(0.25).build();
    assertEquals(2, c.boxContext(), 0);
    assertEquals(0.25, c.rpnHardNegativeFraction(), 0);
    assertEquals(c, MaskRcnnConfig.fromMap(c.toMap()));
    assertThrows(
        IllegalArgumentException.class, () -> MaskRcnnConfig.builder(Preset.SMALL).boxContext(0.5));
    assertThrows(
        IllegalArgumentException.class,
        () -> MaskRcnnConfig.builder(Preset.SMALL).rpnHardNegativeFraction(-0.1));
    // an archive written before these options: trained without them
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(c.toMap());
    m.remove("configVersion");
    m.remove("boxContext");
    m.remove("rpnHardNegativeFraction");
    MaskRcnnConfig old = MaskRcnnConfig.fromMap(m);
    assertEquals(1, old.boxContext(), 0);
    assertEquals(0, old.rpnHardNegativeFraction(), 0);
    assertTrue(c.backgroundCropsInLung());
    m.remove("backgroundCropsInLung");
    assertFalse(MaskRcnnConfig.fromMap(m).backgroundCropsInLung());
    assertFalse(
        MaskRcnnConfig.fromMap(
                MaskRcnnConfig.builder(Preset.SMALL).backgroundCropsInLung(false).build().toMap())
            .backgroundCropsInLung());
  }

  @Test
  void freezeBackbone_persistedAndOffInOldArchives() {
    assertFalse(MaskRcnnConfig.of(Preset.SMALL).freezeBackbone());
    MaskRcnnConfig c = MaskRcnnConfig.builder(Preset.SMALL).freezeBackbone(true).build();
    assertTrue(c.freezeBackbone());
    assertEquals(c, MaskRcnnConfig.fromMap(c.toMap()));
    assertNotEquals(MaskRcnnConfig.of(Preset.SMALL), c);
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(c.toMap());
    m.remove("configVersion"); // a version-1 archive
    m.remove("freezeBackbone");
    assertFalse(
        MaskRcnnConfig.fromMap(m).freezeBackbone(),
        "an archive without the key trained everything");
    assertThrows(
        IllegalStateException.class,
        () -> MaskRcnnConfig.builder(Preset.SMALL).freezeBackbone(true).freezeBackbone(false));
  }

  @Test
  void lungDilation_persistedZeroInOldArchivesAndValidated() {
    assertEquals(0.0, MaskRcnnConfig.of(Preset.SMALL).lungDilationMm());
    assertEquals(0.0, MaskRcnnConfig.of(Preset.SMALL).lungField().dilationMm());
    MaskRcnnConfig c = MaskRcnnConfig.builder(Preset.SMALL).lungDilationMm(2).build();
    assertEquals(2.0, c.lungDilationMm());
    assertEquals(
        2.0, c.lungField().dilationMm(), "the model's lung field is the default one dilated");
    assertEquals(
        org.lungnodule.core.preprocess.LungField.builder().build().closingRadiusMm(),
        c.lungField().closingRadiusMm());
    assertEquals(c, MaskRcnnConfig.fromMap(c.toMap()));
    assertNotEquals(MaskRcnnConfig.of(Preset.SMALL), c);
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(c.toMap());
    m.remove("configVersion"); // a version-1 archive
    m.remove("lungDilationMm");
    assertEquals(
        0.0,
        MaskRcnnConfig.fromMap(m).lungDilationMm(),
        "an archive without the key was trained on the undilated field");
    for (double bad : new double[] {-1, 50.5, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> MaskRcnnConfig.builder(Preset.SMALL).lungDilationMm(bad));
      assertTrue(e.getMessage().contains("lung dilation"), e.getMessage());
    }
    assertThrows(
        IllegalStateException.class,
        () -> MaskRcnnConfig.builder(Preset.SMALL).lungDilationMm(1).lungDilationMm(2));
  }

  @Test
  void learningRateDecay_persistedConstantInOldArchivesAndCosineFactors() {
    assertEquals(Schedule.CONSTANT, MaskRcnnConfig.of(Preset.SMALL).learningRateDecay());
    MaskRcnnConfig c =
        MaskRcnnConfig.builder(Preset.SMALL).learningRateDecay(Schedule.COSINE).build();
    assertEquals(Schedule.COSINE, c.learningRateDecay());
    assertEquals(c, MaskRcnnConfig.fromMap(c.toMap()));
    assertNotEquals(MaskRcnnConfig.of(Preset.SMALL), c);
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(c.toMap());
    m.remove("configVersion"); // a version-1 archive
    m.remove("learningRateDecay");
    assertEquals(
        Schedule.CONSTANT,
        MaskRcnnConfig.fromMap(m).learningRateDecay(),
        "an archive without the key trained at a constant rate");
    assertThrows(
        IllegalStateException.class,
        () ->
            MaskRcnnConfig.builder(Preset.SMALL)
                .learningRateDecay(Schedule.COSINE)
                .learningRateDecay(Schedule.CONSTANT));

    Schedule cos = Schedule.COSINE;
    assertEquals(1.0, cos.factor(0, 100), 0);
    assertEquals(0.5, cos.factor(50, 100), 1e-12);
    assertEquals((1 + Math.cos(Math.PI * 0.99)) / 2, cos.factor(99, 100), 1e-12);
    assertEquals(0.8535533905932737, cos.factor(1, 4), 1e-12); // (1 + cos(pi/4)) / 2
    for (int s = 1; s < 100; s++) {
      assertTrue(cos.factor(s, 100) < cos.factor(s - 1, 100), "falls at every step");
      assertTrue(cos.factor(s, 100) > 0);
    }
    assertEquals(1.0, Schedule.CONSTANT.factor(99, 100), 0);
    assertThrows(IllegalArgumentException.class, () -> cos.factor(100, 100));
    assertThrows(IllegalArgumentException.class, () -> cos.factor(-1, 100));
    assertThrows(IllegalArgumentException.class, () -> cos.factor(0, 0));
  }
}
