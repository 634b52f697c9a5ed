package org.lungnodule.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Parallel;
import org.lungnodule.phantom.NoduleMix;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSite;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;

/**
 * Wall-clock time and peak heap of phantom generation: a FULL 512 × 512 × 300 scan (PUBLIC imaging
 * with 1 mm slices), nodule patches, and streaming a site to disk.
 *
 * <pre>
 * java -Xmx2g -Dlungnodule.threads=2 -cp ... org.lungnodule.benchmarks.PhantomTiming full 3
 * java -Xmx2g -cp ... org.lungnodule.benchmarks.PhantomTiming patches 1000
 * java -Xmx2g -cp ... org.lungnodule.benchmarks.PhantomTiming site N DIR
 * </pre>
 */
public final class PhantomTiming {

  private PhantomTiming() {}

  /** The PUBLIC profile with 1 mm slices, so that a FULL scan is 512 × 512 × 300. */
  static final SiteProfile PUBLIC_1MM =
      new SiteProfile(
          "PUBLIC",
          "mixed (LIDC-like)",
          0.6,
          0.8,
          1.0,
          1.0,
          SiteProfile.PUBLIC.noiseSigmaHu(),
          SiteProfile.PUBLIC.blurSigmaMm(),
          0,
          1,
          SiteProfile.PUBLIC.malignantPrevalence(),
          NoduleMix.DEFAULT,
          SiteProfile.PUBLIC.appearance(),
          1);

  private static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean o ? o.getProcessCpuTime() : 0;
  }

  /** Runs one measurement (see the class comment). */
  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "full";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf(
        Locale.ROOT,
        "threads=%d cpus=%d%n",
        Parallel.parallelism(),
        Runtime.getRuntime().availableProcessors());
    switch (what) {
      case "full" -> {
        Phantom ph = Phantom.builder().profile(PUBLIC_1MM).size(PhantomSize.FULL).seed(1).build();
        for (int i = 0; i < n; i++) {
          long t0 = System.nanoTime();
          long c0 = cpuNanos();
          AnnotatedScan s = ph.scan(i);
          double sec = (System.nanoTime() - t0) / 1e9;
          double cpu = (cpuNanos() - c0) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "full scan %d: %s in %.2f s wall, %.2f s CPU%n",
              i,
              s.volume(),
              sec,
              cpu);
        }
      }
      case "patches" -> {
        Phantom ph = Phantom.builder().profile(SiteProfile.PUBLIC).seed(1).build();
        ph.nodulePatches(50);
        long t0 = System.nanoTime();
        int c = ph.nodulePatches(n).size();
        System.out.printf(
            Locale.ROOT, "%d PUBLIC nodule patches in %.2f s%n", c, (System.nanoTime() - t0) / 1e9);
      }
      case "site" -> {
        Path dir = Path.of(args[2]);
        Phantom ph =
            Phantom.builder().profile(SiteProfile.PUBLIC).size(PhantomSize.QUICK).seed(1).build();
        long t0 = System.nanoTime();
        var sum = PhantomSite.of(ph).withFormat(PhantomSite.ScanFormat.DICOM_RLE).write(dir, n);
        System.out.printf(
            Locale.ROOT,
            "site of %d QUICK scans (RLE) in %.1f s: %s%n",
            n,
            (System.nanoTime() - t0) / 1e9,
            sum);
        try (var files = Files.walk(dir)) {
          long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
          System.out.printf(Locale.ROOT, "bytes on disk: %.1f MB%n", bytes / 1e6);
        }
      }
      default -> throw new IllegalArgumentException("full, patches or site, got " + what);
    }
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "peak heap (sum of pool peaks): %.0f MB%n", peak / 1e6);
  }
}
