package org.lungnodule.spark.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkFiles;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models loaded in this JVM, one per archive content: every task of an executor (and, in
 * {@code local[N]}, the driver) shares it, so a model is read once per executor JVM, not once per
 * scan or partition. The classifier serialises its own network calls; callers of the segmenter
 * go through {@link org.lungnodule.finetune.inference.ScanSegmentOutputs#segment}, which locks it.
 */
public final class ExecutorModels {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
  private static final Map<String, Object> LOADED = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ExecutorModels() {}

  /**
   * Returns the classifier of a shipped archive, loading it on first use in this JVM.
   *
   * @throws UncheckedIOException wrapping the {@link org.lungnodule.models.ModelArchiveException}
   *     if the archive cannot be loaded (a job-level failure: every task would fail alike)
   */
  public static MalignancyClassifier classifier(ModelRef ref) {
    return (MalignancyClassifier)
        LOADED.computeIfAbsent("classifier:" + ref.sha256(), k -> load(ref, MalignancyClassifier::load));
  }

  /**
   * Returns the segmenter of a shipped archive, loading it on first use in this JVM.
   *
   * @throws UncheckedIOException wrapping the {@link org.lungnodule.models.ModelArchiveException}
   *     if the archive cannot be loaded
   */
  public static NoduleSegmenter segmenter(ModelRef ref) {
    return (NoduleSegmenter)
        LOADED.computeIfAbsent("segmenter:" + ref.sha256(), k -> load(ref, NoduleSegmenter::load));
  }

  /**
   * Puts a model the driver has already loaded from the same archive into this JVM's cache (in
   * {@code local[N]} the driver is the executor, which then loads nothing again).
   */
  public static void preload(ModelRef ref, Object model) {
    String kind = model instanceof NoduleSegmenter ? "segmenter:" : "classifier:";
    if (LOADED.putIfAbsent(kind + ref.sha256(), model) == null) {
      LOADS.incrementAndGet();
    }
  }

  /** Returns how many model loads this JVM has made (for tests and logs). */
  public static int loads() {
    return LOADS.get();
  }

  private interface Loader {
    Object load(Path file) throws IOException;
  }

  private static Object load(ModelRef ref, Loader loader) {
    Path file = Path.of(SparkFiles.get(ref.fileName()));
    long t0 = System.nanoTime();
    try {
      Object m = loader.load(file);
      LOADS.incrementAndGet();
      LOG.info("loaded model {} on this executor in {} ms", ref.source(), (System.nanoTime() - t0) / 1_000_000);
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load model " + ref.source() + ": " + e.getMessage(), e);
    }
  }
}
