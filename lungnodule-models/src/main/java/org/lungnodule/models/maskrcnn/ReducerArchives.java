package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.lungnodule.core.preprocess.DotFilter;
import org.lungnodule.models.ModelArchive;
import org.lungnodule.models.classifier.MalignancyClassifier;

/**
 * The one codec of a {@link FalsePositiveReducer} in a model archive: one archive per network
 * ({@link ModelArchive#withCompanion}), each with its view ({@value #VIEW_KEY}) and cube size
 * ({@value #CUBE_KEY}); the first also with the format version ({@value #VERSION_KEY}), the number
 * of networks and every {@link ReducerSettings} and blob-filter setting.
 *
 * <p>Versions: {@value #VERSION} is written, with every key. An archive without {@value
 * #VERSION_KEY} is version 1 (reducers saved before the version was recorded) and is read through
 * one step, {@link #migrateV1}, that fills the keys version 1 could lack with the behaviour such
 * reducers were evaluated with. Any other version, and (from version 2 on) a missing or unknown
 * {@code reducer.} key, is an error that names the key.
 */
final class ReducerArchives {

  /** The format version written. */
  static final int VERSION = 2;

  static final String VERSION_KEY = "reducer.version";
  static final String CUBE_KEY = "reducer.cubeSize";
  static final String VIEW_KEY = "reducer.view";
  static final String NETWORKS_KEY = "reducer.networks";
  static final String WEIGHT_KEY = "reducer.scoreWeight";
  static final String CANDIDATE_KEY = "reducer.candidateScore";
  static final String MIRRORS_KEY = "reducer.mirrors";
  static final String SUPPRESS_KEY = "reducer.suppressDuplicates";
  static final String BLOBS_KEY = "reducer.blobCandidates";
  static final String BLOB_FULL_KEY = "reducer.blobFullResponse";
  static final String BLOB_EXCLUSION_KEY = "reducer.blobExclusionMm";
  static final String BLOB_PREFIX = "reducer.blob.";

  /** What the trainer writes about the networks' input (a description, not read back). */
  static final String INPUT_KEY = "reducer.input";

  /**
   * The blob exclusion of version-1 reducers saved without one (mm): their blobs within 4 mm of a
   * detector candidate's box centre were left to the detector.
   */
  static final double V1_BLOB_EXCLUSION_MM = 4;

  private static final String PREFIX = "reducer.";
  private static final String SETTINGS_LACK = "false-positive reducer settings lack";
  private static final Set<String> NETWORK_KEYS = Set.of(CUBE_KEY, VIEW_KEY, INPUT_KEY);
  private static final Set<String> FIRST_KEYS =
      Set.of(
          CUBE_KEY,
          VIEW_KEY,
          INPUT_KEY,
          VERSION_KEY,
          NETWORKS_KEY,
          WEIGHT_KEY,
          CANDIDATE_KEY,
          MIRRORS_KEY,
          SUPPRESS_KEY,
          BLOBS_KEY,
          BLOB_FULL_KEY,
          BLOB_EXCLUSION_KEY);

  private ReducerArchives() {}

  /** The reducer as archives, one per network, in version {@value #VERSION}. */
  static List<ModelArchive> write(FalsePositiveReducer r) {
    List<FalsePositiveReducer.Member> members = r.members();
    ReducerSettings s = r.settings();
    List<ModelArchive> out = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      FalsePositiveReducer.Member m = members.get(i);
      ModelArchive a = m.net().toArchive();
      Map<String, String> pre = new TreeMap<>(a.preprocessing());
      pre.put(CUBE_KEY, Integer.toString(m.size()));
      pre.put(VIEW_KEY, m.view().name());
      if (i == 0) {
        pre.put(VERSION_KEY, Integer.toString(VERSION));
        pre.put(NETWORKS_KEY, Integer.toString(members.size()));
        pre.put(WEIGHT_KEY, Double.toString(s.scoreWeight()));
        pre.put(CANDIDATE_KEY, Double.toString(s.candidateScore()));
        pre.put(MIRRORS_KEY, Integer.toString(s.mirrors()));
        pre.put(SUPPRESS_KEY, Boolean.toString(s.suppressDuplicates()));
        pre.put(BLOB_FULL_KEY, Double.toString(s.blobFullResponse()));
        pre.put(BLOB_EXCLUSION_KEY, Double.toString(s.blobExclusionMm()));
        pre.put(BLOBS_KEY, Boolean.toString(r.blobFilter().isPresent()));
        r.blobFilter().ifPresent(f -> f.toMap().forEach((k, v) -> pre.put(BLOB_PREFIX + k, v)));
      }
      out.add(ModelArchive.of(a.graph(), pre, a.provenance()));
    }
    return out;
  }

  /**
   * The number of networks the first archive names.
   *
   * @throws IllegalArgumentException if its version is unknown, or the number is missing (version
   *     2), not a number or below 1
   */
  static int networkCount(ModelArchive first) {
    Map<String, String> pre = current(first.preprocessing());
    int k = (int) number(pre, NETWORKS_KEY, Integer::parseInt);
    if (k < 1) {
      throw new IllegalArgumentException("'" + NETWORKS_KEY + "' must be at least 1, got " + k);
    }
    return k;
  }

  /**
   * A reducer from its archives ({@link #write}, or version 1).
   *
   * @throws IllegalArgumentException naming the key if a setting is missing, unknown or bad, or if
   *     an archive is not a reducer network, or the number of archives is not the number the first
   *     one names
   */
  static FalsePositiveReducer read(List<ModelArchive> archives) {
    if (archives.isEmpty()) {
      throw new IllegalArgumentException("no false-positive reducer network");
    }
    int n = networkCount(archives.get(0));
    if (n != archives.size()) {
      throw new IllegalArgumentException(
          "the reducer names " + n + " networks, the archive holds " + archives.size());
    }
    boolean v1 = version(archives.get(0).preprocessing()) == 1;
    Map<String, String> pre = current(archives.get(0).preprocessing());
    if (!v1) {
      checkKeys(pre, FIRST_KEYS, "false-positive reducer settings");
    }
    List<FalsePositiveReducer.Member> members = new ArrayList<>();
    for (int i = 0; i < archives.size(); i++) {
      members.add(member(archives.get(i), i, v1));
    }
    double w = number(pre, WEIGHT_KEY, Double::parseDouble);
    double c = number(pre, CANDIDATE_KEY, Double::parseDouble);
    checkUnit(w, WEIGHT_KEY);
    checkUnit(c, CANDIDATE_KEY);
    int mirrors = (int) number(pre, MIRRORS_KEY, Integer::parseInt);
    if (mirrors != 1 && mirrors != 2 && mirrors != 4 && mirrors != 8) {
      throw new IllegalArgumentException(
          "'" + MIRRORS_KEY + "' must be 1, 2, 4 or 8, got " + mirrors);
    }
    boolean blobs = bool(pre, BLOBS_KEY);
    double full = number(pre, BLOB_FULL_KEY, Double::parseDouble);
    if (!(blobs ? full > 0 : full >= 0) || !Double.isFinite(full)) {
      throw new IllegalArgumentException(
          "'"
              + BLOB_FULL_KEY
              + "' must be "
              + (blobs ? "positive" : "0 or more")
              + " and finite,"
              + " got "
              + full);
    }
    double exclusion = number(pre, BLOB_EXCLUSION_KEY, Double::parseDouble);
    if (!(exclusion >= 0 && Double.isFinite(exclusion))) {
      throw new IllegalArgumentException(
          "'" + BLOB_EXCLUSION_KEY + "' must be 0 or more and finite, got " + exclusion);
    }
    DotFilter filter = blobs ? DotFilter.fromMap(blobSettings(pre)) : null;
    if (!v1 && !blobs && !blobSettings(pre).isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + BLOB_PREFIX
              + blobSettings(pre).keySet().iterator().next()
              + "' given, but '"
              + BLOBS_KEY
              + "' is false");
    }
    ReducerSettings s =
        new ReducerSettings(w, c, mirrors, full, exclusion, bool(pre, SUPPRESS_KEY));
    return FalsePositiveReducer.of(members, s, filter);
  }

  /**
   * Version 1 to version 2, the first archive's settings: a reducer saved before a setting was
   * recorded behaves as it did when it was evaluated — one network ({@value #NETWORKS_KEY} 1), one
   * mirror image, no duplicate suppression, blobs within {@value #V1_BLOB_EXCLUSION_MM} mm of a
   * detector candidate left to the detector, and blob candidates exactly when a blob full response
   * was saved (none before the blob candidates, full response 0). Keys present are kept.
   */
  static Map<String, String> migrateV1(Map<String, String> v1) {
    Map<String, String> m = new TreeMap<>(v1);
    m.put(VERSION_KEY, "2");
    m.putIfAbsent(NETWORKS_KEY, "1");
    m.putIfAbsent(MIRRORS_KEY, "1");
    m.putIfAbsent(SUPPRESS_KEY, "false");
    m.put(BLOBS_KEY, Boolean.toString(v1.containsKey(BLOB_FULL_KEY)));
    m.putIfAbsent(BLOB_FULL_KEY, "0.0");
    m.putIfAbsent(BLOB_EXCLUSION_KEY, Double.toString(V1_BLOB_EXCLUSION_MM));
    return m;
  }

  /** The version of a first archive's settings: 1 without {@value #VERSION_KEY}. */
  static int version(Map<String, String> pre) {
    String v = pre.get(VERSION_KEY);
    if (v == null) {
      return 1;
    }
    if (!v.equals("1") && !v.equals("2")) {
      throw new IllegalArgumentException("'" + VERSION_KEY + "' must be 1 or 2, got '" + v + "'");
    }
    return Integer.parseInt(v);
  }

  /** The first archive's settings in the current version. */
  private static Map<String, String> current(Map<String, String> pre) {
    return version(pre) == 1 ? migrateV1(pre) : pre;
  }

  /** The i-th network from its archive, checked against its view and cube size. */
  private static FalsePositiveReducer.Member member(ModelArchive a, int i, boolean v1) {
    String which = "reducer network " + (i + 1);
    if (!FalsePositiveReducer.MODEL_KIND.equals(a.kind())) {
      throw new IllegalArgumentException(
          which
              + ": expected a '"
              + FalsePositiveReducer.MODEL_KIND
              + "' model, got '"
              + a.kind()
              + "'");
    }
    Map<String, String> pre = new TreeMap<>(a.preprocessing());
    if (v1) {
      // version 1: reducers saved before views were recorded have CUBE networks
      pre.putIfAbsent(VIEW_KEY, FalsePositiveReducer.View.CUBE.name());
    }
    if (i > 0 && !v1) {
      checkKeys(pre, NETWORK_KEYS, which);
    }
    int s = (int) number(pre, CUBE_KEY, Integer::parseInt, which + " lacks");
    FalsePositiveReducer.View view;
    try {
      view = FalsePositiveReducer.View.valueOf(pre.get(VIEW_KEY));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          which + ": '" + VIEW_KEY + "' must be CUBE or FOVEA, got '" + pre.get(VIEW_KEY) + "'");
    }
    MalignancyClassifier net = MalignancyClassifier.fromArchive(a);
    int[] want = {view.channels(), s, s, s};
    if (!Arrays.equals(net.inputShape(), want)) {
      throw new IllegalArgumentException(
          which
              + " takes "
              + Arrays.toString(net.inputShape())
              + ", not "
              + Arrays.toString(want)
              + " ("
              + view
              + " of "
              + s
              + "³)");
    }
    return new FalsePositiveReducer.Member(net, view, s);
  }

  /** Rejects {@code reducer.} keys that are not {@code known} (nor blob-filter settings). */
  private static void checkKeys(Map<String, String> pre, Set<String> known, String what) {
    for (String k : pre.keySet()) {
      boolean blob = known == FIRST_KEYS && k.startsWith(BLOB_PREFIX);
      if (k.startsWith(PREFIX) && !known.contains(k) && !blob) {
        throw new IllegalArgumentException(
            what + ": unknown key '" + k + "' (version " + VERSION + ")");
      }
    }
  }

  private static Map<String, String> blobSettings(Map<String, String> pre) {
    Map<String, String> f = new TreeMap<>();
    pre.forEach(
        (k, v) -> {
          if (k.startsWith(BLOB_PREFIX)) {
            f.put(k.substring(BLOB_PREFIX.length()), v);
          }
        });
    return f;
  }

  private static boolean bool(Map<String, String> pre, String key) {
    String v = required(pre, key, SETTINGS_LACK);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("'" + key + "' must be true or false, got '" + v + "'");
    }
    return v.equals("true");
  }

  private static double number(
      Map<String, String> pre, String key, ToDoubleFunction<String> parse) {
    return number(pre, key, parse, SETTINGS_LACK);
  }

  private static double number(
      Map<String, String> pre, String key, ToDoubleFunction<String> parse, String lack) {
    String v = required(pre, key, lack);
    try {
      return parse.applyAsDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + key + "' is not a number: '" + v + "'");
    }
  }

  /** The value of {@code key}; {@code lack} says whose it is, as "… lacks". */
  private static String required(Map<String, String> pre, String key, String lack) {
    String v = pre.get(key);
    if (v == null) {
      throw new IllegalArgumentException(lack + " '" + key + "'");
    }
    return v;
  }

  private static void checkUnit(double v, String key) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException("'" + key + "' must be in [0, 1], got " + v);
    }
  }
}
