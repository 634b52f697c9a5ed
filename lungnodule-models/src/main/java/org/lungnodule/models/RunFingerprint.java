package org.lungnodule.models;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The identity of a training run: a SHA-256 over everything that decides what the run computes —
 * its data (the hash of its case list and split, {@link Provenance#hashTrainingData}), its seed and
 * every setting (including, for fine-tuning, the identity of the model it starts from) — with a
 * short summary for messages. A checkpoint records the fingerprint of the run that wrote it, and
 * {@link Checkpoints} refuses to resume a run from another run's checkpoint. The one mechanism both
 * trainers (and anything else that checkpoints) use.
 *
 * @param hash 64 lowercase hex digits
 * @param summary a readable description, for example {@code run 3f2a9c1e0b7d (12 cases, seed 7)}
 */
public record RunFingerprint(String hash, String summary) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the hash is not 64 lowercase hex digits or the summary is
   *     blank or spans lines
   */
  public RunFingerprint {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(summary, "summary");
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "run hash must be 64 lowercase hex digits, got '" + hash + "'");
    }
    if (summary.isBlank() || summary.contains("\n") || summary.contains("\r")) {
      throw new IllegalArgumentException(
          "run summary must be one non-blank line, got '" + summary + "'");
    }
  }

  /**
   * The fingerprint of a run.
   *
   * @param dataHash the hash of the run's case list and split ({@link Provenance#hashTrainingData})
   * @param cases the number of cases, for the summary
   * @param seed the run's seed
   * @param settings every setting that changes what the run computes (sorted before hashing)
   * @return the fingerprint
   * @throws IllegalArgumentException if {@code cases} is negative
   */
  public static RunFingerprint of(
      String dataHash, int cases, long seed, Map<String, String> settings) {
    Objects.requireNonNull(dataHash, "dataHash");
    Objects.requireNonNull(settings, "settings");
    if (cases < 0) {
      throw new IllegalArgumentException("case count must be at least 0, got " + cases);
    }
    Map<String, String> all = new TreeMap<>(settings);
    all.put("run.data", dataHash);
    all.put("run.seed", Long.toString(seed));
    String hash = hashOf(all);
    return new RunFingerprint(
        hash, "run " + hash.substring(0, 12) + " (" + cases + " cases, seed " + seed + ")");
  }

  /**
   * SHA-256 over a map of text, sorted by key, each key and value framed by its length (so that no
   * two different maps hash alike by moving text between a key and a value).
   *
   * @return 64 lowercase hex digits
   */
  public static String hashOf(Map<String, String> values) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      frame(md, e.getKey());
      frame(md, String.valueOf(e.getValue()));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void frame(MessageDigest md, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update((b.length + ":").getBytes(StandardCharsets.UTF_8));
    md.update(b);
  }

  /** Returns the first 12 hex digits of the hash. */
  public String shortHash() {
    return hash.substring(0, 12);
  }

  @Override
  public String toString() {
    return summary;
  }
}
