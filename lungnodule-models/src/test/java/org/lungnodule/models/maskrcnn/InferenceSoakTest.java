package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.DotFilter;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.classifier.ClassifierTrainer;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.ResNet3d;

/**
 * A soak harness, not part of the default suite: inference from several threads at once over varied
 * inputs for a set time, as an application embedding the library runs it (issue 30, item 7: a
 * SIGSEGV in ND4J after about 15 minutes of continuous inference). Each worker thread loops over
 * three kinds of call, drawn at random:
 *
 * <ul>
 *   <li>{@code classify}: one shared {@link MalignancyClassifier} on a batch of 1–19 random cubes
 *       (the classifier cuts batches of 8, so the last batch size varies);
 *   <li>{@code reduce}: one shared {@link FalsePositiveReducer} (two networks, eight mirror images)
 *       scoring 1–40 random points of a random synthetic scan;
 *   <li>{@code segment}: the thread's own TINY {@link NoduleSegmenter} with the shared reducer on a
 *       random 48³ scan (detector windows, blob candidates, rescoring, pasting).
 * </ul>
 *
 * <p>Every output must be finite and in [0, 1], and every 25th call of a thread repeats a fixed
 * reference call of each kind, which must give what it gave before the threads started (the same
 * input gives the same output, whatever runs beside it). Throughput, resident memory (in all and
 * outside the Java heap), the heap and JavaCPP's own bytes are logged every {@code
 * soak.reportSeconds} (default 60) and written to {@code target/soak/soak-<start>.csv}. For
 * diagnosis, {@code -Dsoak.kinds=classify,reduce} runs only some kinds of call and {@code
 * -Dsoak.gc=true} collects garbage before each report. A native crash ends the JVM (look for {@code
 * hs_err_pid*.log} in the module folder); any other failure fails the test.
 *
 * <pre>
 * nice mvn -o -B -q -pl lungnodule-models -am test -Dtest=InferenceSoakTest \
 *   -Dsurefire.failIfNoSpecifiedTests=false -DexcludedGroups= -Dgroups=slow \
 *   -Dsoak.minutes=60 -Dsoak.threads=3 -Dsoak.seed=1
 * </pre>
 */
@Tag("slow")
class InferenceSoakTest {

  private static final String[] KINDS = {"classify", "reduce", "segment"};

  /**
   * The reducer's cube and fovea sizes (as in {@link FalsePositiveReducerTest}, fast on 2 cores).
   */
  private static final int CUBE = 16;

  private static final int[] CUBE_SHAPE = {1, 8, 16, 16};

  /** The first line of a mapping in /proc/self/smaps: {@code start-end perms ...}. */
  private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

  @Test
  void inference_manyThreadsForMinutes_staysFiniteAndDeterministic() throws Exception {
    double minutes = Double.parseDouble(System.getProperty("soak.minutes", "60"));
    int threads = Integer.getInteger("soak.threads", 3);
    long seed = Long.getLong("soak.seed", 1L);
    int reportSeconds = Integer.getInteger("soak.reportSeconds", 60);
    // diagnosis: only some kinds of call (comma-separated), and a full GC before each report
    List<String> only =
        List.of(System.getProperty("soak.kinds", String.join(",", KINDS)).split(","));
    boolean gc = Boolean.getBoolean("soak.gc");
    boolean[] enabled = new boolean[KINDS.length];
    for (int k = 0; k < KINDS.length; k++) {
      enabled[k] = only.contains(KINDS[k]);
    }
    assertTrue(
        minutes > 0 && threads > 0 && reportSeconds > 0,
        "soak.minutes, soak.threads and soak.reportSeconds must be positive");

    // the shared models: a classifier and a two-network reducer, each trained for one epoch
    MalignancyClassifier classifier = classifier(seed);
    List<SegmentationCase> train =
        List.of(FalsePositiveReducerTest.scan(seed), FalsePositiveReducerTest.scan(seed + 1));
    FalsePositiveReducer reducer =
        FalsePositiveReducer.trainer()
            .views(FalsePositiveReducer.View.CUBE, FalsePositiveReducer.View.FOVEA)
            .cubeSize(CUBE)
            .foveaSize(8)
            .epochs(1)
            .negatives(0, 12)
            .jitter(2, 1)
            .withoutBlobs()
            .seed(seed)
            .build()
            .fit(train, null)
            .withBlobs(DotFilter.builder().sigmasMm(1, 2).threshold(0.7).maxBlobs(30).build(), 12.5)
            .withCandidateScore(0.3);
    MaskRcnnConfig tiny = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    Provenance prov =
        Provenance.now(NoduleSegmenter.MODEL_KIND, "soak", seed, Map.of("preset", "TINY"));

    // the reference calls, run once before the threads start
    Reference ref =
        new Reference(
            seed,
            classifier,
            reducer,
            NoduleSegmenter.of(MaskRcnnModel.create(tiny, seed), prov).withReducer(reducer));

    Stats stats = new Stats();
    long[] heap = heapRange();
    Path csv = Path.of("target", "soak", "soak-" + System.currentTimeMillis() + ".csv");
    Files.createDirectories(csv.getParent());
    long start = System.nanoTime();
    long end = start + (long) (minutes * 60e9);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long ts = seed * 1000 + t;
      // each thread its own detector (documented: not thread-safe), with the shared reducer
      NoduleSegmenter seg =
          NoduleSegmenter.of(MaskRcnnModel.create(tiny, seed), prov).withReducer(reducer);
      Thread w =
          new Thread(
              () -> work(ts, end, enabled, classifier, reducer, seg, ref, stats), "soak-" + t);
      w.setDaemon(true);
      workers.add(w);
    }
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println(
          "seconds,classify,reduce,segment,checks,callsPerSecond,rssMb,nonHeapRssMb,heapCommittedMb,heapUsedMb,javacppTotalMb,maxDeviation");
      workers.forEach(Thread::start);
      long next = start;
      long lastCalls = 0;
      long lastTime = start;
      while (workers.stream().anyMatch(Thread::isAlive)) {
        next += reportSeconds * 1_000_000_000L;
        while (System.nanoTime() < next && workers.stream().anyMatch(Thread::isAlive)) {
          Thread.sleep(200);
        }
        if (gc) {
          System.gc();
          Thread.sleep(500);
        }
        long now = System.nanoTime();
        long calls = stats.total();
        double rate = (calls - lastCalls) / ((now - lastTime) / 1e9);
        lastCalls = calls;
        lastTime = now;
        Runtime rt = Runtime.getRuntime();
        double[] rss = rssMb(heap);
        String line =
            String.format(
                Locale.ROOT,
                "%.0f,%d,%d,%d,%d,%.2f,%.0f,%.0f,%.0f,%.0f,%.0f,%.3g",
                (now - start) / 1e9,
                stats.calls.get(0),
                stats.calls.get(1),
                stats.calls.get(2),
                stats.checks.get(),
                rate,
                rss[0],
                rss[1],
                rt.totalMemory() / 1048576.0,
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                Pointer.totalBytes() / 1048576.0,
                stats.maxDeviation.get());
        out.println(line);
        out.flush();
        System.out.println("soak " + line);
        if (!stats.failures.isEmpty()) {
          break;
        }
      }
    }
    for (Thread w : workers) {
      w.join(120_000);
    }
    System.out.println(
        "soak: "
            + threads
            + " threads, "
            + minutes
            + " min, seed "
            + seed
            + ": "
            + stats.calls
            + " calls, "
            + stats.checks.get()
            + " reference checks, max deviation "
            + stats.maxDeviation.get()
            + "; log "
            + csv.toAbsolutePath());
    assertTrue(stats.failures.isEmpty(), "failures: " + stats.failures);
    for (int k = 0; k < KINDS.length; k++) {
      assertTrue(!enabled[k] || stats.calls.get(k) > 0, "no " + KINDS[k] + " call ran");
    }
  }

  /** One worker's loop until the deadline (or the first failure anywhere). */
  private static void work(
      long seed,
      long end,
      boolean[] enabled,
      MalignancyClassifier classifier,
      FalsePositiveReducer reducer,
      NoduleSegmenter seg,
      Reference ref,
      Stats stats) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int round = 0;
    try {
      while (System.nanoTime() < end && stats.failures.isEmpty()) {
        int kind = rnd.nextInt(KINDS.length);
        if (!enabled[kind]) {
          continue;
        }
        if (++round % 25 == 0) {
          ref.check(enabled, classifier, reducer, seg, stats);
        }
        switch (kind) {
          case 0 -> {
            List<float[]> cubes = new ArrayList<>();
            for (int i = 1 + rnd.nextInt(19); i > 0; i--) {
              cubes.add(randomCube(rnd));
            }
            checkProbabilities("classify", classifier.predict(cubes), cubes.size());
          }
          case 1 -> {
            SegmentationCase sc = FalsePositiveReducerTest.scan(rnd.nextLong());
            List<WorldPoint> at = randomPoints(sc.input(), 1 + rnd.nextInt(40), rnd);
            checkProbabilities("reduce", reducer.probabilities(sc.input(), at), at.size());
          }
          default -> {
            SegmentationCase sc = FalsePositiveReducerTest.scan(rnd.nextLong());
            ScanSegmentation r = seg.segment(sc.input(), rnd.nextDouble() * 0.5);
            for (DetectedNodule n : r.nodules()) {
              check("segment score", n.score());
            }
          }
        }
        stats.calls.incrementAndGet(kind);
      }
    } catch (Throwable t) {
      stats.failures.add(Thread.currentThread().getName() + ": " + t);
      t.printStackTrace();
    }
  }

  /** The fixed calls whose results must not change while the threads run. */
  private static final class Reference {
    final List<float[]> cubes = new ArrayList<>();
    final SegmentationCase scan;
    final List<WorldPoint> points;
    final double[] classified;
    final double[] reduced;
    final List<DetectedNodule> segmented;

    Reference(
        long seed,
        MalignancyClassifier classifier,
        FalsePositiveReducer reducer,
        NoduleSegmenter seg) {
      SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed);
      for (int i = 0; i < 11; i++) {
        cubes.add(randomCube(rnd));
      }
      scan = FalsePositiveReducerTest.scan(seed + 77);
      points = randomPoints(scan.input(), 20, rnd);
      classified = classifier.predict(cubes);
      reduced = reducer.probabilities(scan.input(), points);
      segmented = seg.segment(scan.input(), 0.2).nodules();
      checkProbabilities("reference classify", classified, cubes.size());
      checkProbabilities("reference reduce", reduced, points.size());
    }

    void check(
        boolean[] enabled,
        MalignancyClassifier classifier,
        FalsePositiveReducer reducer,
        NoduleSegmenter seg,
        Stats stats) {
      if (enabled[0]) {
        stats.deviation(classified, classifier.predict(cubes));
      }
      if (enabled[1]) {
        stats.deviation(reduced, reducer.probabilities(scan.input(), points));
      }
      if (enabled[2]) {
        List<DetectedNodule> got = seg.segment(scan.input(), 0.2).nodules();
        assertEquals(segmented.size(), got.size(), "reference segmentation: nodule count");
        for (int i = 0; i < got.size(); i++) {
          assertEquals(
              segmented.get(i).boxVoxels(),
              got.get(i).boxVoxels(),
              "reference segmentation: box " + i);
          stats.deviation(
              new double[] {segmented.get(i).score()}, new double[] {got.get(i).score()});
        }
      }
      stats.checks.incrementAndGet();
    }
  }

  private static final class Stats {
    final AtomicLongArray calls = new AtomicLongArray(KINDS.length);
    final AtomicLong checks = new AtomicLong();
    final DoubleAccumulator maxDeviation = new DoubleAccumulator(Math::max, 0);
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    long total() {
      return calls.get(0) + calls.get(1) + calls.get(2);
    }

    /** Records the largest difference; the same input must give the same output (to 1e-5). */
    void deviation(double[] expected, double[] got) {
      assertEquals(expected.length, got.length);
      for (int i = 0; i < got.length; i++) {
        double d = Math.abs(expected[i] - got[i]);
        maxDeviation.accumulate(Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
        assertTrue(
            d <= 1e-5, "reference output " + i + " moved from " + expected[i] + " to " + got[i]);
      }
    }
  }

  private static MalignancyClassifier classifier(long seed) throws IOException {
    ResNet3d arch =
        ResNet3d.builder()
            .depth(10)
            .widthMultiplier(0.125)
            .stemKernel(3)
            .stemStride(1, 1, 1)
            .inputShape(CUBE_SHAPE[0], CUBE_SHAPE[1], CUBE_SHAPE[2], CUBE_SHAPE[3])
            .build();
    SplittableRandom rnd = new SplittableRandom(seed);
    List<LabelledCube> cubes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      cubes.add(LabelledCube.of("c" + i, "p" + i, randomCube(rnd), i % 2 == 0));
    }
    return ClassifierTrainer.builder()
        .seed(seed)
        .epochs(1)
        .batchSize(4)
        .build()
        .fit(arch, cubes, List.of())
        .classifier();
  }

  /** A cube of the classifier's shape: noise, half of them with a bright ball of random size. */
  private static float[] randomCube(SplittableRandom rnd) {
    int d = CUBE_SHAPE[1];
    int h = CUBE_SHAPE[2];
    int w = CUBE_SHAPE[3];
    float[] v = new float[d * h * w];
    double r = rnd.nextBoolean() ? 1.5 + 3 * rnd.nextDouble() : 0;
    double cz = d / 2.0 + rnd.nextDouble() - 0.5;
    double cy = h / 2.0 + 2 * rnd.nextDouble() - 1;
    double cx = w / 2.0 + 2 * rnd.nextDouble() - 1;
    double scale = 0.1 + rnd.nextDouble();
    for (int z = 0, i = 0; z < d; z++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++, i++) {
          double dd = (z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx);
          v[i] = (float) ((dd <= r * r ? 1 : 0) + scale * rnd.nextGaussian());
        }
      }
    }
    return v;
  }

  private static List<WorldPoint> randomPoints(CtVolume in, int n, SplittableRandom rnd) {
    List<WorldPoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          in.geometry()
              .voxelToWorld(
                  rnd.nextDouble() * in.dims().nx(),
                  rnd.nextDouble() * in.dims().ny(),
                  rnd.nextDouble() * in.dims().nz()));
    }
    return out;
  }

  private static void checkProbabilities(String what, double[] p, int expected) {
    assertEquals(expected, p.length, what + ": one probability per input");
    for (double v : p) {
      check(what, v);
    }
  }

  private static void check(String what, double v) {
    assertTrue(v >= 0 && v <= 1, what + " must be a probability, got " + v);
  }

  /**
   * The process's resident memory in MiB (Linux): in all, and outside the Java heap's address range
   * (the natives' memory: ND4J arrays and workspaces, oneDNN, thread stacks, the JVM's own), or -1
   * where it cannot be read. The heap grows its resident part until its first full collections, so
   * the second figure is the one that shows native memory growing.
   */
  private static double[] rssMb(long[] heap) {
    long all = 0;
    long outside = 0;
    try {
      boolean inHeap = false;
      for (String l : Files.readAllLines(Path.of("/proc/self/smaps"))) {
        if (MAPPING.matcher(l).lookingAt()) {
          long from = Long.parseUnsignedLong(l.substring(0, l.indexOf('-')), 16);
          inHeap = heap != null && from >= heap[0] && from < heap[1];
        } else if (l.startsWith("Rss:")) {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          all += kb;
          outside += inHeap ? 0 : kb;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new double[] {-1, -1};
    }
    return new double[] {all / 1024.0, heap == null ? -1 : outside / 1024.0};
  }

  /**
   * The Java heap's reserved address range, as {@code jcmd <pid> GC.heap_info} prints it, or null.
   */
  private static long[] heapRange() {
    try {
      Path javaBin = Path.of(ProcessHandle.current().info().command().orElseThrow());
      Process p =
          new ProcessBuilder(
                  javaBin.resolveSibling("jcmd").toString(),
                  Long.toString(ProcessHandle.current().pid()),
                  "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      Matcher m = Pattern.compile("\\[0x([0-9a-f]+), ?0x([0-9a-f]+)\\)").matcher(out);
      if (m.find()) {
        return new long[] {
          Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)
        };
      }
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }
}
