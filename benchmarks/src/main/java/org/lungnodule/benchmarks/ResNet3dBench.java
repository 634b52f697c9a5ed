package org.lungnodule.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lungnodule.models.Backend;
import org.lungnodule.models.classifier.ResNet3d;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Times the classifier network the way {@code benchmarks/peers/torch_resnet18_3d.py} times
 * PyTorch's: forward (inference mode) and one training step (SGD, lr 0.01) on a batch of 4 × [3,
 * 32, 64, 64], 7 iterations each, median of the last 5. A plain harness rather than JMH: one step
 * takes seconds, and the first iterations are warm-up.
 *
 * <p>Usage: {@code java -cp ... org.lungnodule.benchmarks.ResNet3dBench [paper|small] [--crop
 * DxHxW] [--channels-last|--channels-first] [--workspaces ENABLED|NONE] [--cache NONE|HOST|DEVICE]
 * [--layout NCDHW|NDHWC] [--bn RESHAPE|NONE] [--no-helpers] [--batch N] [--iters N]}. With {@code
 * --layout} or {@code --bn} the paper network is built by {@link ResNet18Variants} instead of
 * {@code ResNet3d} (the NDHWC input is then [b, d, h, w, c]).
 */
public final class ResNet3dBench {

  private ResNet3dBench() {}

  /** Runs the benchmark and prints one line per iteration and a summary. */
  public static void main(String[] args) {
    String preset = "paper";
    WorkspaceMode ws = WorkspaceMode.ENABLED;
    boolean helpers = true;
    int batch = 4;
    int iters = 7;
    CacheMode cache = CacheMode.NONE;
    String crop = null;
    boolean channelsLast = false;
    boolean channelsFirst = false;
    ResNet18Variants.Layout layout = null;
    ResNet18Variants.Norm norm = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--workspaces" -> ws = WorkspaceMode.valueOf(args[++i]);
        case "--no-helpers" -> helpers = false;
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--iters" -> iters = Integer.parseInt(args[++i]);
        case "--cache" -> cache = CacheMode.valueOf(args[++i]);
        case "--layout" -> layout = ResNet18Variants.Layout.valueOf(args[++i]);
        case "--bn" -> norm = ResNet18Variants.Norm.valueOf(args[++i]);
        case "--crop" -> crop = args[++i];
        case "--channels-last" -> channelsLast = true;
        case "--channels-first" -> channelsFirst = true;
        default -> preset = args[i];
      }
    }
    Backend.Info info = Backend.check();
    Nd4j.getEnvironment().allowHelpers(helpers);
    ResNet3d arch = ResNet3d.preset(preset);
    if (crop != null || channelsLast || channelsFirst) {
      // the preset's layers with another center crop (DxHxW) or layout
      ResNet3d.Builder b =
          preset.equals("small")
              ? ResNet3d.builder().depth(10).widthMultiplier(0.25).stemKernel(3).stemStride(2, 2, 2)
              : ResNet3d.builder();
      if (crop != null) {
        int[] c = Arrays.stream(crop.split("x")).mapToInt(Integer::parseInt).toArray();
        b.centerCrop(c[0], c[1], c[2]);
      } else if (preset.equals("small")) {
        b.centerCrop(32, 32, 32);
      }
      if (channelsLast || channelsFirst) {
        b.channelsLast(channelsLast);
      }
      arch = b.build();
    }
    boolean variant = layout != null || norm != null;
    if (variant && !preset.equals("paper")) {
      throw new IllegalArgumentException("--layout and --bn apply to the paper preset only");
    }
    if (layout == null) {
      layout = ResNet18Variants.Layout.NCDHW;
    }
    if (norm == null) {
      norm = ResNet18Variants.Norm.RESHAPE;
    }
    ComputationGraphConfiguration conf;
    if (variant) {
      conf = ResNet18Variants.configuration(layout, norm, ws, cache, arch.inputShape());
    } else {
      conf = arch.configuration(0, new Sgd(0.01), 0, null);
      conf.setTrainingWorkspaceMode(ws);
      conf.setInferenceWorkspaceMode(ws);
      conf.setCacheMode(cache);
    }
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    System.out.printf(
        Locale.ROOT,
        "%s%n%s params=%d variant=%s layout=%s bn=%s workspaces=%s cache=%s helpers=%s batch=%d"
            + " threads(omp)=%s%n",
        info,
        arch,
        g.numParams(),
        variant,
        layout,
        norm,
        ws,
        cache,
        helpers,
        batch,
        info.environment().getOrDefault("omp.threads", "?"));
    int[] s = arch.inputShape();
    Nd4j.getRandom().setSeed(0);
    INDArray x =
        layout == ResNet18Variants.Layout.NDHWC
            ? Nd4j.rand(DataType.FLOAT, batch, s[1], s[2], s[3], s[0])
            : Nd4j.rand(DataType.FLOAT, batch, s[0], s[1], s[2], s[3]);
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 2);
    for (int i = 0; i < batch; i++) {
      y.putScalar(i, i % 2, 1f);
    }
    double fwd = stats("fwd", iters, () -> g.outputSingle(false, x));
    double train = stats("train", iters, () -> g.fit(new INDArray[] {x}, new INDArray[] {y}));
    System.out.printf(Locale.ROOT, "SUMMARY forward=%.3f s train=%.3f s%n", fwd, train);
  }

  /** Times {@code iters} runs, prints each, and returns the median of all but the first two. */
  static double stats(String name, int iters, Runnable r) {
    List<Double> ts = new ArrayList<>();
    for (int i = 0; i < iters; i++) {
      long t = System.nanoTime();
      r.run();
      double d = (System.nanoTime() - t) / 1e9;
      System.out.printf(Locale.ROOT, "%s iter %d: %.3fs%n", name, i, d);
      if (i >= 2) {
        ts.add(d);
      }
    }
    double[] a = ts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double med = a.length == 0 ? Double.NaN : a[a.length / 2];
    System.out.printf(
        Locale.ROOT,
        "%s median=%.3f min=%.3f max=%.3f%n",
        name.toUpperCase(Locale.ROOT),
        med,
        a.length == 0 ? Double.NaN : a[0],
        a.length == 0 ? Double.NaN : a[a.length - 1]);
    return med;
  }
}
