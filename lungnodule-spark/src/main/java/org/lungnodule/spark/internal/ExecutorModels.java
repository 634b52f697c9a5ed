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
 * The models loaded in this JVM, one per archive content: every task of an executor (and, in {@code
 * local[N]}, the driver) shares it, so a model is read once per executor JVM, not once per scan or
 * partition. The classifier serialises its own network calls; callers of the segmenter go through
 * {@link org.lungnodule.finetune.inference.ScanSegmentOutputs#segment}, which locks it.
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
        LOADED.computeIfAbsent(
            "classifier:" + ref.sha256(), k -> load(ref, MalignancyClassifier::load));
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
    logOffHeapBound();
    String kind = model instanceof NoduleSegmenter ? "segmenter:" : "classifier:";
    if (LOADED.putIfAbsent(kind + ref.sha256(), model) == null) {
      LOADS.incrementAndGet();
    }
  }

  /** Returns how many model loads this JVM has made (for tests and logs). */
  public static int loads() {
    return LOADS.get();
  }

  private static volatile boolean memoryLogged;

  /**
   * Says once per JVM how much off-heap memory ND4J may take here: JavaCPP's bound, which the
   * executor's memory overhead must cover; warns when it was left at JavaCPP's default (twice the
   * heap), which a container's overhead rarely covers.
   */
  private static void logOffHeapBound() {
    if (memoryLogged) {
      return;
    }
    memoryLogged = true;
    long gb = 1L << 30;
    String bound =
        String.format(
            java.util.Locale.ROOT,
            "heap %.1f GB, ND4J off-heap at most %.1f GB (org.bytedeco.javacpp.maxbytes), process at most %.1f GB (maxphysicalbytes)",
            Runtime.getRuntime().maxMemory() / (double) gb,
            org.bytedeco.javacpp.Pointer.maxBytes() / (double) gb,
            org.bytedeco.javacpp.Pointer.maxPhysicalBytes() / (double) gb);
    if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
      LOG.warn(
          "{}: the off-heap bound is JavaCPP's default; set -Dorg.bytedeco.javacpp.maxbytes and maxphysicalbytes in "
              + "spark.executor.extraJavaOptions and spark.executor.memoryOverhead above maxbytes (docs/spark.md)",
          bound);
    } else {
      LOG.info("this executor's memory: {}", bound);
    }
  }

  private interface Loader {
    Object load(Path file) throws IOException;
  }

  private static Object load(ModelRef ref, Loader loader) {
    logOffHeapBound();
    Path file = Path.of(SparkFiles.get(ref.fileName()));
    long t0 = System.nanoTime();
    try {
      Object m = loader.load(file);
      LOADS.incrementAndGet();
      LOG.info(
          "loaded model {} on this executor in {} ms",
          ref.source(),
          (System.nanoTime() - t0) / 1_000_000);
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load model " + ref.source() + ": " + e.getMessage(), e);
    }
  }
}
