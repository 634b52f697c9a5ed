package org.lungnodule.models.maskrcnn;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig.Preset;
import org.lungnodule.models.training.Optimizer;
import org.lungnodule.models.training.Schedule;

/**
 * The one place that writes and reads {@link MaskRcnnConfig} as a map of named settings, the form
 * model archives store it in (under {@code config.} in their preprocessing, under {@code hyper.} in
 * their provenance).
 *
 * <p>The format has a version, the key {@value #VERSION_KEY}. {@link #write} always writes the
 * current version, {@value #VERSION}, and every key. {@link #read} takes a version-2 map only
 * whole: every key present and none unknown. A map without the version key is version 1, the form
 * of every archive written before the key existed (among them the bundled {@code PUBLIC}
 * segmenter); {@link #migrateV1toV2} turns it into version 2 before the version-2 reader runs. A
 * later format adds a {@code migrateV2toV3} step, so that each old form is read by the same chain.
 */
final class MaskRcnnConfigCodec {

  /** The key holding the format's version. */
  static final String VERSION_KEY = "configVersion";

  /** The version {@link #write} writes. */
  static final int VERSION = 2;

  /** The keys of a version-2 map, in the order {@link #write} writes them. */
  static final Set<String> V2_KEYS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(write(MaskRcnnConfig.of(Preset.TINY)).keySet()));

  private MaskRcnnConfigCodec() {}

  /** Every setting by name, version {@value #VERSION}. */
  static Map<String, Object> write(MaskRcnnConfig c) {
    BackboneSettings b = c.backbone();
    RpnSettings r = c.rpn();
    RoiHeadSettings h = c.roiHeads();
    InferenceSettings i = c.inference();
    TrainingSettings t = c.training();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(VERSION_KEY, VERSION);
    m.put("preset", c.preset().name());
    m.put("cropSize", b.cropSize());
    m.put("stemChannels", b.stemChannels());
    m.put("stemStride", b.stemStride());
    m.put("stageBlocks", b.stageBlocks().toString());
    m.put("stageWidths", b.stageWidths().toString());
    m.put("stageStrides", b.stageStrides().toString());
    m.put("bottleneck", b.bottleneck());
    m.put("featureChannels", b.featureChannels());
    m.put("featureStride", b.featureStride());
    m.put("normGroups", b.normGroups());
    m.put("anchorSizesMm", r.anchorSizesMm().toString());
    m.put("rpnPositiveIou", r.positiveIou());
    m.put("rpnNegativeIou", r.negativeIou());
    m.put("rpnBatch", r.batch());
    m.put("preNmsTopN", r.preNmsTopN());
    m.put("postNmsTopN", r.postNmsTopN());
    m.put("rpnNmsIou", r.nmsIou());
    m.put("roiBatch", h.batch());
    m.put("roiPositiveFraction", h.positiveFraction());
    m.put("roiPositiveIou", h.positiveIou());
    m.put("roiNegativeIou", h.negativeIou());
    m.put("poolSize", h.poolSize());
    m.put("boxHeadHidden", h.boxHeadHidden());
    m.put("maskHeadChannels", h.maskHeadChannels());
    m.put("scoreThreshold", i.scoreThreshold());
    m.put("detectionNmsIou", i.detectionNmsIou());
    m.put("maxDetections", i.maxDetections());
    m.put("windowOverlap", i.windowOverlap());
    m.put("epochs", t.epochs());
    m.put("cropsPerEpoch", t.cropsPerEpoch());
    m.put("learningRate", t.learningRate());
    m.put("optimizer", t.optimizer().name());
    m.put("learningRateDecay", t.learningRateDecay().name());
    m.put("roiHeadStart", t.roiHeadStart());
    m.put("maskHeadStart", t.maskHeadStart());
    m.put("positiveCropFraction", t.positiveCropFraction());
    m.put("maskContext", h.maskContext());
    m.put("rpnScoreWeight", r.scoreWeight());
    m.put("boxContext", h.boxContext());
    m.put("rpnHardNegativeFraction", r.hardNegativeFraction());
    m.put("backgroundCropsInLung", t.backgroundCropsInLung());
    m.put("freezeBackbone", t.freezeBackbone());
    m.put("lungDilationMm", i.lungDilationMm());
    return m;
  }

  /**
   * Reads a map of any known version: version 1 (no {@value #VERSION_KEY}, or 1) through {@link
   * #migrateV1toV2}, version 2 as it is.
   *
   * @throws IllegalArgumentException if the version is unknown, a key is missing or unknown, or a
   *     value is malformed or out of range; the message names the key
   */
  static MaskRcnnConfig read(Map<String, ?> m) {
    int version = version(m);
    return switch (version) {
      case 1 -> readV2(migrateV1toV2(m), 1);
      case 2 -> readV2(m, 2);
      default ->
          throw new IllegalArgumentException(
              "unknown configuration version "
                  + version
                  + " (this library reads versions 1 to "
                  + VERSION
                  + ")");
    };
  }

  /** The map's version: 1 without {@value #VERSION_KEY}. */
  static int version(Map<String, ?> m) {
    Object v = m.get(VERSION_KEY);
    if (v == null) {
      return 1;
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "configuration key '" + VERSION_KEY + "' must be an integer, got '" + v + "'", e);
    }
  }

  /**
   * Turns a version-1 map into a version-2 one. Version 1 is every map written before {@value
   * #VERSION_KEY} existed: its key set grew with each option, and the reader of the time filled a
   * key an archive lacked with a fixed value. This step fills the same keys with the same values,
   * so that an old archive reads as it always has:
   *
   * <ul>
   *   <li>{@code roiNegativeIou} = the archive's {@code roiPositiveIou}: before the ignore band,
   *       every ROI below the positive IoU was background.
   *   <li>{@code maskContext} = 1.5 and {@code rpnScoreWeight} = 0.5: the builder's defaults, which
   *       archives without the keys have been read with since the options were added (archives
   *       older than that were trained with the box itself and the head's score alone, but read
   *       with these values ever since).
   *   <li>{@code boxContext} = 1.0 and {@code rpnHardNegativeFraction} = 0: the options did not
   *       exist, so the box head pooled the proposal itself and negatives were drawn at random.
   *   <li>{@code backgroundCropsInLung} = false: background crops were placed anywhere in the
   *       volume.
   *   <li>{@code freezeBackbone} = false: training updated every layer.
   *   <li>{@code learningRateDecay} = {@code CONSTANT}: the rate did not decay.
   *   <li>{@code lungDilationMm} = 0: inputs were made with the undilated lung field.
   * </ul>
   *
   * A key the map holds is kept as it is; {@value #VERSION_KEY} is set to 2.
   *
   * @return a new map; the argument is not changed
   */
  static Map<String, Object> migrateV1toV2(Map<String, ?> v1) {
    Map<String, Object> m = new LinkedHashMap<>(v1);
    if (!m.containsKey("roiNegativeIou") && m.containsKey("roiPositiveIou")) {
      m.put("roiNegativeIou", m.get("roiPositiveIou"));
    }
    m.putIfAbsent("maskContext", 1.5);
    m.putIfAbsent("rpnScoreWeight", 0.5);
    m.putIfAbsent("boxContext", 1.0);
    m.putIfAbsent("rpnHardNegativeFraction", 0.0);
    m.putIfAbsent("backgroundCropsInLung", false);
    m.putIfAbsent("freezeBackbone", false);
    m.putIfAbsent("learningRateDecay", Schedule.CONSTANT.name());
    m.putIfAbsent("lungDilationMm", 0.0);
    m.put(VERSION_KEY, 2);
    return m;
  }

  /**
   * Reads a whole version-2 map.
   *
   * @param from the version the map was read as, for the messages
   */
  private static MaskRcnnConfig readV2(Map<String, ?> m, int from) {
    for (String k : V2_KEYS) {
      if (m.get(k) == null) {
        throw new IllegalArgumentException(
            "configuration version " + from + " lacks key '" + k + "'");
      }
    }
    for (String k : m.keySet()) {
      if (!V2_KEYS.contains(k)) {
        throw new IllegalArgumentException(
            "configuration version " + from + " has unknown key '" + k + "'");
      }
    }
    BackboneSettings b =
        new BackboneSettings(
            integer(m, "cropSize"),
            integer(m, "stemChannels"),
            integer(m, "stemStride"),
            ints(m, "stageBlocks"),
            ints(m, "stageWidths"),
            ints(m, "stageStrides"),
            bool(m, "bottleneck"),
            integer(m, "featureChannels"),
            integer(m, "normGroups"));
    if (integer(m, "featureStride") != b.featureStride()) {
      throw new IllegalArgumentException(
          "configuration key 'featureStride' must be the stages' stride "
              + b.featureStride()
              + ", got "
              + m.get("featureStride"));
    }
    RpnSettings r =
        new RpnSettings(
            doubles(m, "anchorSizesMm"),
            dbl(m, "rpnPositiveIou"),
            dbl(m, "rpnNegativeIou"),
            integer(m, "rpnBatch"),
            integer(m, "preNmsTopN"),
            integer(m, "postNmsTopN"),
            dbl(m, "rpnNmsIou"),
            dbl(m, "rpnHardNegativeFraction"),
            dbl(m, "rpnScoreWeight"));
    RoiHeadSettings h =
        new RoiHeadSettings(
            integer(m, "roiBatch"),
            dbl(m, "roiPositiveFraction"),
            dbl(m, "roiPositiveIou"),
            dbl(m, "roiNegativeIou"),
            integer(m, "poolSize"),
            integer(m, "boxHeadHidden"),
            integer(m, "maskHeadChannels"),
            dbl(m, "maskContext"),
            dbl(m, "boxContext"));
    InferenceSettings i =
        new InferenceSettings(
            dbl(m, "scoreThreshold"),
            dbl(m, "detectionNmsIou"),
            integer(m, "maxDetections"),
            integer(m, "windowOverlap"),
            dbl(m, "lungDilationMm"));
    TrainingSettings t =
        new TrainingSettings(
            integer(m, "epochs"),
            integer(m, "cropsPerEpoch"),
            dbl(m, "learningRate"),
            constant(m, "optimizer", Optimizer.class),
            constant(m, "learningRateDecay", Schedule.class),
            dbl(m, "roiHeadStart"),
            dbl(m, "maskHeadStart"),
            dbl(m, "positiveCropFraction"),
            bool(m, "backgroundCropsInLung"),
            bool(m, "freezeBackbone"));
    return new MaskRcnnConfig(constant(m, "preset", Preset.class), b, r, h, i, t);
  }

  private static String str(Map<String, ?> m, String k) {
    return m.get(k).toString().trim();
  }

  private static IllegalArgumentException malformed(
      String k, String expected, String got, Exception cause) {
    return new IllegalArgumentException(
        "configuration key '" + k + "' must be " + expected + ", got '" + got + "'", cause);
  }

  private static int integer(Map<String, ?> m, String k) {
    String s = str(m, k);
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw malformed(k, "an integer", s, e);
    }
  }

  private static double dbl(Map<String, ?> m, String k) {
    String s = str(m, k);
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw malformed(k, "a number", s, e);
    }
  }

  private static boolean bool(Map<String, ?> m, String k) {
    String s = str(m, k);
    return switch (s) {
      case "true" -> true;
      case "false" -> false;
      default -> throw malformed(k, "true or false", s, null);
    };
  }

  private static <E extends Enum<E>> E constant(Map<String, ?> m, String k, Class<E> type) {
    String s = str(m, k);
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      throw malformed(k, "one of " + Arrays.toString(type.getEnumConstants()), s, e);
    }
  }

  /** The items of a list written as {@code "[a, b]"}. */
  private static List<String> items(Map<String, ?> m, String k) {
    String s = str(m, k);
    if (!s.startsWith("[") || !s.endsWith("]")) {
      throw malformed(k, "a list like [1, 2]", s, null);
    }
    String inner = s.substring(1, s.length() - 1).trim();
    return inner.isEmpty() ? List.of() : Arrays.stream(inner.split(",")).map(String::trim).toList();
  }

  private static List<Double> doubles(Map<String, ?> m, String k) {
    try {
      return items(m, k).stream().map(Double::valueOf).toList();
    } catch (NumberFormatException e) {
      throw malformed(k, "a list of numbers", str(m, k), e);
    }
  }

  private static List<Integer> ints(Map<String, ?> m, String k) {
    try {
      return items(m, k).stream().map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw malformed(k, "a list of integers", str(m, k), e);
    }
  }
}
