package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig.Preset;
import org.lungnodule.models.training.Schedule;

/** The archive form of {@link MaskRcnnConfig}: version 2, and version 1 through the migration. */
class MaskRcnnConfigCodecTest {

  /**
   * A version-1 archive: the {@code PUBLIC} segmenter that lungnodule-phantom-segmenter bundled
   * before it was rebuilt by the documented CLI command, kept as a test fixture.
   */
  static final Path BUNDLED =
      Path.of("src/test/resources/org/lungnodule/models/maskrcnn/segmenter-config-v1.zip");

  /**
   * That segmenter's configuration as {@code fromMap(...).toMap()} gave it before the format had a
   * version (recorded from that code); reading the archive must still give it.
   */
  static final String BUNDLED_BEFORE =
      "{preset=SMALL, cropSize=64, stemChannels=16, stemStride=1, stageBlocks=[1, 1],"
          + " stageWidths=[16, 32], stageStrides=[2, 2], bottleneck=false, featureChannels=32,"
          + " featureStride=4, normGroups=8, anchorSizesMm=[6.0, 12.0, 24.0], rpnPositiveIou=0.4,"
          + " rpnNegativeIou=0.1, rpnBatch=64, preNmsTopN=1000, postNmsTopN=100, rpnNmsIou=0.3,"
          + " roiBatch=32, roiPositiveFraction=0.25, roiPositiveIou=0.25, roiNegativeIou=0.1,"
          + " poolSize=7, boxHeadHidden=128, maskHeadChannels=32, scoreThreshold=0.5,"
          + " detectionNmsIou=0.1, maxDetections=20, windowOverlap=16, epochs=36,"
          + " cropsPerEpoch=30, learningRate=0.001, optimizer=ADAM, learningRateDecay=CONSTANT,"
          + " roiHeadStart=0.2, maskHeadStart=0.3, positiveCropFraction=0.7, maskContext=1.5,"
          + " rpnScoreWeight=0.5, boxContext=1.0, rpnHardNegativeFraction=0.0,"
          + " backgroundCropsInLung=true, freezeBackbone=false, lungDilationMm=0.0}";

  @Test
  void toMap_everyPresetRoundTrips() {
    for (Preset p : Preset.values()) {
      MaskRcnnConfig c = MaskRcnnConfig.of(p);
      assertEquals(c, MaskRcnnConfig.fromMap(c.toMap()), p.name());
      assertEquals(c.toMap(), MaskRcnnConfig.fromMap(c.toMap()).toMap(), p.name());
      // as an archive stores it: every value a string
      Map<String, String> strings = new LinkedHashMap<>();
      c.toMap().forEach((k, v) -> strings.put(k, String.valueOf(v)));
      assertEquals(c, MaskRcnnConfig.fromMap(strings), p.name());
    }
  }

  @Test
  void toMap_version2WithEveryKey() {
    Map<String, Object> m =
        MaskRcnnConfig.builder(Preset.SMALL).freezeBackbone(true).lungDilationMm(2).build().toMap();
    assertEquals(2, m.get("configVersion"));
    assertEquals(MaskRcnnConfigCodec.V2_KEYS, m.keySet());
    assertEquals(45, m.size(), "the version, 43 settings and the derived feature stride");
  }

  @Test
  void fromMap_version2MissingKey_namesIt() {
    Map<String, Object> full = MaskRcnnConfig.of(Preset.TINY).toMap();
    for (String k : full.keySet()) {
      if (k.equals("configVersion")) {
        continue; // without it the map is version 1
      }
      Map<String, Object> m = new LinkedHashMap<>(full);
      m.remove(k);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> MaskRcnnConfig.fromMap(m), k);
      assertEquals("configuration version 2 lacks key '" + k + "'", e.getMessage());
    }
  }

  @Test
  void fromMap_version2UnknownKey_namesIt() {
    Map<String, Object> m = new LinkedHashMap<>(MaskRcnnConfig.of(Preset.TINY).toMap());
    m.put("roiHeadStrat", 0.1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MaskRcnnConfig.fromMap(m));
    assertEquals("configuration version 2 has unknown key 'roiHeadStrat'", e.getMessage());
  }

  @Test
  void fromMap_unknownVersion() {
    for (Object v : new Object[] {3, "0", -1}) {
      Map<String, Object> m = new LinkedHashMap<>(MaskRcnnConfig.of(Preset.TINY).toMap());
      m.put("configVersion", v);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> MaskRcnnConfig.fromMap(m));
      assertEquals(
          "unknown configuration version " + v + " (this library reads versions 1 to 2)",
          e.getMessage());
    }
    Map<String, Object> m = new LinkedHashMap<>(MaskRcnnConfig.of(Preset.TINY).toMap());
    m.put("configVersion", "two");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MaskRcnnConfig.fromMap(m));
    assertTrue(e.getMessage().contains("'configVersion'"), e.getMessage());
  }

  @Test
  void fromMap_malformedValue_namesKeyAndValue() {
    Map<String, String> bad =
        Map.of(
            "cropSize", "64.5",
            "bottleneck", "yes",
            "optimizer", "RMSPROP",
            "anchorSizesMm", "[6.0, x]",
            "stageBlocks", "1, 1",
            "learningRate", "fast");
    bad.forEach(
        (k, v) -> {
          Map<String, Object> m = new LinkedHashMap<>(MaskRcnnConfig.of(Preset.SMALL).toMap());
          m.put(k, v);
          IllegalArgumentException e =
              assertThrows(IllegalArgumentException.class, () -> MaskRcnnConfig.fromMap(m), k);
          assertTrue(e.getMessage().startsWith("configuration key '" + k + "'"), e.getMessage());
          assertTrue(e.getMessage().contains(v), e.getMessage());
        });
  }

  @Test
  void fromMap_featureStrideNotTheStages_rejected() {
    Map<String, Object> m = new LinkedHashMap<>(MaskRcnnConfig.of(Preset.SMALL).toMap());
    m.put("featureStride", 8);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MaskRcnnConfig.fromMap(m));
    assertEquals(
        "configuration key 'featureStride' must be the stages' stride 4, got 8", e.getMessage());
  }

  @Test
  void fromMap_valueOutOfRange_recordsRule() {
    Map<String, Object> m = new LinkedHashMap<>(MaskRcnnConfig.of(Preset.SMALL).toMap());
    m.put("maskContext", 0.5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MaskRcnnConfig.fromMap(m));
    assertEquals("mask context must be in [1, 3], got 0.5", e.getMessage());
  }

  /**
   * A SMALL archive as the first Mask R-CNN code (commit e339cfb) wrote it: the 35 keys of that
   * time, values as strings, the ROI positive IoU of that time (0.4).
   */
  static Map<String, String> oldestArchive() {
    Map<String, String> m = new LinkedHashMap<>();
    String[] kv = {
      "preset",
      "SMALL",
      "cropSize",
      "64",
      "stemChannels",
      "16",
      "stemStride",
      "1",
      "stageBlocks",
      "[1, 1]",
      "stageWidths",
      "[16, 32]",
      "stageStrides",
      "[2, 2]",
      "bottleneck",
      "false",
      "featureChannels",
      "32",
      "featureStride",
      "4",
      "normGroups",
      "8",
      "anchorSizesMm",
      "[6.0, 12.0, 24.0]",
      "rpnPositiveIou",
      "0.4",
      "rpnNegativeIou",
      "0.1",
      "rpnBatch",
      "64",
      "preNmsTopN",
      "1000",
      "postNmsTopN",
      "100",
      "rpnNmsIou",
      "0.3",
      "roiBatch",
      "32",
      "roiPositiveFraction",
      "0.25",
      "roiPositiveIou",
      "0.4",
      "poolSize",
      "7",
      "boxHeadHidden",
      "128",
      "maskHeadChannels",
      "32",
      "scoreThreshold",
      "0.5",
      "detectionNmsIou",
      "0.1",
      "maxDetections",
      "20",
      "windowOverlap",
      "16",
      "epochs",
      "20",
      "cropsPerEpoch",
      "50",
      "learningRate",
      "0.001",
      "optimizer",
      "ADAM",
      "roiHeadStart",
      "0.2",
      "maskHeadStart",
      "0.3",
      "positiveCropFraction",
      "0.7"
    };
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void fromMap_oldestVersion1Archive_migratesToWhatItAlwaysMeant() {
    Map<String, String> v1 = oldestArchive();
    assertEquals(35, v1.size());
    MaskRcnnConfig c = MaskRcnnConfig.fromMap(v1);
    // recorded from the reader before the format had a version; a changed fallback fails here
    Map<String, Object> expected = new LinkedHashMap<>(MaskRcnnConfig.of(Preset.SMALL).toMap());
    expected.put("roiPositiveIou", 0.4);
    expected.put("roiNegativeIou", 0.4); // no ignore band: below the positive IoU is background
    expected.put("maskContext", 1.5);
    expected.put("rpnScoreWeight", 0.5);
    expected.put("boxContext", 1.0);
    expected.put("rpnHardNegativeFraction", 0.0);
    expected.put("backgroundCropsInLung", false);
    expected.put("freezeBackbone", false);
    expected.put("learningRateDecay", "CONSTANT");
    expected.put("lungDilationMm", 0.0);
    assertEquals(expected, c.toMap());
    assertEquals(0.4, c.roiHeads().negativeIou(), 0);
    assertEquals(1.5, c.maskContext(), 0);
    assertEquals(0.5, c.rpnScoreWeight(), 0);
    assertEquals(1.0, c.boxContext(), 0);
    assertEquals(0.0, c.rpnHardNegativeFraction(), 0);
    assertEquals(false, c.backgroundCropsInLung());
    assertEquals(false, c.freezeBackbone());
    assertEquals(Schedule.CONSTANT, c.learningRateDecay());
    assertEquals(0.0, c.lungDilationMm(), 0);
    // an explicit version 1 is the same form
    Map<String, String> explicit = new LinkedHashMap<>(v1);
    explicit.put("configVersion", "1");
    assertEquals(c, MaskRcnnConfig.fromMap(explicit));
  }

  @Test
  void migrateV1toV2_fillsOnlyAbsentKeysAndLeavesItsArgument() {
    Map<String, String> v1 = oldestArchive();
    v1.put("maskContext", "1.25");
    v1.put("backgroundCropsInLung", "true");
    Map<String, String> before = new LinkedHashMap<>(v1);
    Map<String, Object> v2 = MaskRcnnConfigCodec.migrateV1toV2(v1);
    assertEquals(before, v1);
    assertEquals("1.25", v2.get("maskContext"));
    assertEquals("true", v2.get("backgroundCropsInLung"));
    assertEquals(2, v2.get("configVersion"));
    assertEquals(MaskRcnnConfigCodec.V2_KEYS, v2.keySet(), "every version-2 key, no other");
  }

  @Test
  void fromMap_version1MissingOriginalKey_namesIt() {
    Map<String, String> v1 = oldestArchive();
    v1.remove("poolSize");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MaskRcnnConfig.fromMap(v1));
    assertEquals("configuration version 1 lacks key 'poolSize'", e.getMessage());
  }

  @Test
  void fromMap_version1SegmenterArchive_readsAsBefore() throws IOException {
    assertTrue(
        Files.isRegularFile(BUNDLED),
        "the version-1 segmenter archive at " + BUNDLED.toAbsolutePath());
    Properties pre = new Properties();
    try (ZipFile zip = new ZipFile(BUNDLED.toFile());
        InputStream in = zip.getInputStream(zip.getEntry("preprocessing.properties"))) {
      pre.load(in);
    }
    Map<String, String> config = new LinkedHashMap<>();
    pre.stringPropertyNames().forEach(k -> config.put(k, pre.getProperty(k)));
    Map<String, String> stripped = NoduleSegmenter.stripConfig(config);
    assertEquals(1, MaskRcnnConfigCodec.version(stripped), "the archive predates the version");
    Map<String, Object> after = new LinkedHashMap<>(MaskRcnnConfig.fromMap(stripped).toMap());
    assertEquals(2, after.remove("configVersion"));
    assertEquals(BUNDLED_BEFORE, after.toString());
  }
}
