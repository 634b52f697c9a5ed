package org.lungnodule.models;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.lungnodule.core.LibraryInfo;

/**
 * Where a trained model came from: saved with its weights in every {@link ModelArchive}, so that a
 * baseline can be told from a fine-tuned model, and the site that tuned it, from the file alone.
 *
 * @param modelKind what the model is, for example {@code resnet3d-classifier} (non-blank, no
 *     whitespace)
 * @param trainingDataHash SHA-256 (hex) of the sorted case list and split, see {@link
 *     #hashTrainingData}
 * @param seed the seed of every random choice made in training
 * @param hyperparameters every training setting, as text (sorted by key, copied)
 * @param libraryVersion the lungnodule version ({@link LibraryInfo#version()})
 * @param dl4jVersion the DeepLearning4j version
 * @param created when training finished
 * @param parentModel the model this one was fine-tuned from (its name or training-data hash), if
 *     any
 * @param site the site whose data fine-tuned this model, if any
 */
public record Provenance(
    String modelKind,
    String trainingDataHash,
    long seed,
    Map<String, String> hyperparameters,
    String libraryVersion,
    String dl4jVersion,
    Instant created,
    Optional<String> parentModel,
    Optional<String> site) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException for a blank or whitespace-containing model kind, or a blank
   *     hash or version
   */
  public Provenance {
    Objects.requireNonNull(modelKind, "modelKind");
    Objects.requireNonNull(trainingDataHash, "trainingDataHash");
    Objects.requireNonNull(hyperparameters, "hyperparameters");
    Objects.requireNonNull(libraryVersion, "libraryVersion");
    Objects.requireNonNull(dl4jVersion, "dl4jVersion");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(parentModel, "parentModel");
    Objects.requireNonNull(site, "site");
    if (modelKind.isBlank() || !modelKind.equals(modelKind.strip()) || modelKind.contains(" ")) {
      throw new IllegalArgumentException(
          "model kind must be non-blank without spaces, got '" + modelKind + "'");
    }
    if (trainingDataHash.isBlank()) {
      throw new IllegalArgumentException("training-data hash must not be blank");
    }
    if (libraryVersion.isBlank() || dl4jVersion.isBlank()) {
      throw new IllegalArgumentException(
          "versions must not be blank, got '" + libraryVersion + "' and '" + dl4jVersion + "'");
    }
    hyperparameters = java.util.Collections.unmodifiableMap(new TreeMap<>(hyperparameters));
  }

  /**
   * A provenance for a model trained now from scratch, with this library's and DL4J's versions.
   *
   * @param modelKind the model kind
   * @param trainingDataHash see {@link #hashTrainingData}
   * @param seed the training seed
   * @param hyperparameters every training setting
   * @return the record, without parent model or site
   */
  public static Provenance now(
      String modelKind, String trainingDataHash, long seed, Map<String, String> hyperparameters) {
    return new Provenance(
        modelKind,
        trainingDataHash,
        seed,
        hyperparameters,
        LibraryInfo.version(),
        currentDl4jVersion(),
        Instant.now(),
        Optional.empty(),
        Optional.empty());
  }

  /** Returns a copy marked as fine-tuned from {@code parent} on data of {@code siteName}. */
  public Provenance fineTunedFrom(String parent, String siteName) {
    if (parent.isBlank() || siteName.isBlank()) {
      throw new IllegalArgumentException(
          "parent model and site must not be blank, got '" + parent + "' and '" + siteName + "'");
    }
    return new Provenance(
        modelKind,
        trainingDataHash,
        seed,
        hyperparameters,
        libraryVersion,
        dl4jVersion,
        created,
        Optional.of(parent),
        Optional.of(siteName));
  }

  /**
   * Returns a copy with {@code entries} added to the hyperparameters (replacing those of the same
   * key): for what a run records beside the trainer's settings, such as the command line ({@code
   * run.command}), the build's commit ({@code run.commit}) and the data ({@code data.site}, {@code
   * data.scans}).
   *
   * @throws IllegalArgumentException for a blank key
   */
  public Provenance withHyperparameters(Map<String, String> entries) {
    Map<String, String> m = new TreeMap<>(hyperparameters);
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (e.getKey().isBlank()) {
        throw new IllegalArgumentException("hyperparameter key must not be blank");
      }
      m.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
    }
    return new Provenance(
        modelKind,
        trainingDataHash,
        seed,
        m,
        libraryVersion,
        dl4jVersion,
        created,
        parentModel,
        site);
  }

  /**
   * Returns a copy with another creation date: for reproducible archives (for example from {@code
   * SOURCE_DATE_EPOCH}), where the same training must give the same bytes.
   */
  public Provenance withCreated(Instant when) {
    return new Provenance(
        modelKind,
        trainingDataHash,
        seed,
        hyperparameters,
        libraryVersion,
        dl4jVersion,
        Objects.requireNonNull(when, "created"),
        parentModel,
        site);
  }

  /** Returns whether this model was fine-tuned from another one. */
  public boolean isFineTuned() {
    return parentModel.isPresent();
  }

  /**
   * Hashes a training set: SHA-256 over the sorted training case ids, then the sorted validation
   * case ids (each list framed so that moving a case between them changes the hash).
   *
   * @param trainingCases identifiers of the training cases (for example {@code patient/nodule})
   * @param validationCases identifiers of the validation cases (may be empty)
   * @return 64 lowercase hex digits
   */
  public static String hashTrainingData(
      Collection<String> trainingCases, Collection<String> validationCases) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    update(md, "train", trainingCases);
    update(md, "validation", validationCases);
    return HexFormat.of().formatHex(md.digest());
  }

  private static void update(MessageDigest md, String part, Collection<String> cases) {
    List<String> sorted = new ArrayList<>(cases);
    sorted.sort(null);
    md.update((part + ":" + sorted.size() + "\n").getBytes(StandardCharsets.UTF_8));
    for (String c : sorted) {
      md.update((c + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Returns the DeepLearning4j version on the class path, or {@code unknown}. */
  public static String currentDl4jVersion() {
    String res = "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties";
    try (var in = Provenance.class.getResourceAsStream(res)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** Returns the record as properties (hyperparameters under {@code hyper.}). */
  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("modelKind", modelKind);
    p.setProperty("trainingDataHash", trainingDataHash);
    p.setProperty("seed", Long.toString(seed));
    p.setProperty("libraryVersion", libraryVersion);
    p.setProperty("dl4jVersion", dl4jVersion);
    p.setProperty("created", created.toString());
    parentModel.ifPresent(v -> p.setProperty("parentModel", v));
    site.ifPresent(v -> p.setProperty("site", v));
    hyperparameters.forEach((k, v) -> p.setProperty("hyper." + k, v));
    return p;
  }

  /**
   * Reads a record written by {@link #toProperties()}.
   *
   * @throws IllegalArgumentException naming the key that is missing or malformed
   */
  public static Provenance fromProperties(Properties p) {
    Map<String, String> hyper = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("hyper.")) {
        hyper.put(k.substring("hyper.".length()), p.getProperty(k));
      }
    }
    String seedText = required(p, "seed");
    String createdText = required(p, "created");
    long seed;
    Instant created;
    try {
      seed = Long.parseLong(seedText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "provenance seed must be an integer, got '" + seedText + "'");
    }
    try {
      created = Instant.parse(createdText);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "provenance date must be ISO-8601, got '" + createdText + "'");
    }
    return new Provenance(
        required(p, "modelKind"),
        required(p, "trainingDataHash"),
        seed,
        hyper,
        required(p, "libraryVersion"),
        required(p, "dl4jVersion"),
        created,
        Optional.ofNullable(p.getProperty("parentModel")),
        Optional.ofNullable(p.getProperty("site")));
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("provenance is missing '" + key + "'");
    }
    return v;
  }

  /** Prints the record as aligned lines, one field a line. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Provenance[\n");
    sb.append("  model kind:      ").append(modelKind).append('\n');
    sb.append("  training data:   ").append(trainingDataHash).append('\n');
    sb.append("  seed:            ").append(seed).append('\n');
    sb.append("  lungnodule:      ").append(libraryVersion).append('\n');
    sb.append("  dl4j:            ").append(dl4jVersion).append('\n');
    sb.append("  created:         ").append(created).append('\n');
    sb.append("  parent model:    ").append(parentModel.orElse("none (trained from scratch)"));
    sb.append('\n');
    sb.append("  site:            ").append(site.orElse("none")).append('\n');
    hyperparameters.forEach(
        (k, v) -> sb.append("  ").append(k).append(" = ").append(v).append('\n'));
    return sb.append(']').toString();
  }
}
