package org.lungnodule.models;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv3D;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The floating-point operations of one forward pass, counted on the network as it runs: 2 per
 * multiply-add of every 3D convolution and matrix product (biases, normalisation, activations and
 * pooling are not counted; they are a few operations per value, not per weight). Divided by a
 * pass's time and set against what this machine's single-precision GEMM reaches, it says how far
 * from the arithmetic limit a network runs.
 *
 * @param convolution FLOPs of the 3D convolutions
 * @param matrixProduct FLOPs of the matrix products (dense layers, and in the Mask R-CNN the group
 *     normalisation's diagonal products)
 */
public record ForwardFlops(long convolution, long matrixProduct) {

  /** Validates. */
  public ForwardFlops {
    if (convolution < 0 || matrixProduct < 0) {
      throw new IllegalArgumentException(
          "FLOPs must be >= 0, got " + convolution + " and " + matrixProduct);
    }
  }

  /** No operations. */
  public static final ForwardFlops NONE = new ForwardFlops(0, 0);

  /** All counted FLOPs. */
  public long total() {
    return convolution + matrixProduct;
  }

  /** The sum of two counts. */
  public ForwardFlops plus(ForwardFlops o) {
    return new ForwardFlops(convolution + o.convolution, matrixProduct + o.matrixProduct);
  }

  /** This count {@code n} times. */
  public ForwardFlops times(long n) {
    return new ForwardFlops(convolution * n, matrixProduct * n);
  }

  /**
   * Runs a SameDiff graph once on the given placeholders, computing the named outputs, and counts
   * the convolutions and matrix products it executed. The placeholder arrays are left open.
   *
   * @param sd the graph
   * @param placeholders its inputs
   * @param outputs the outputs to compute (only the operations they need run)
   */
  public static ForwardFlops of(
      SameDiff sd, Map<String, INDArray> placeholders, String... outputs) {
    long[] count = new long[2];
    BaseListener counter =
        new BaseListener() {
          @Override
          public boolean isActive(Operation operation) {
            return true;
          }

          @Override
          public void opExecution(
              SameDiff s, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] out) {
            Object f = op.getOp();
            List<INDArray> in = ctx == null ? List.of() : ctx.getInputArrays();
            if (f instanceof Conv3D && in.size() >= 2 && out.length > 0) {
              // weights [kD, kH, kW, iC, oC]: output values / oC = positions, each k³·iC·oC MACs
              INDArray w = in.get(1);
              long oc = w.size(w.rank() - 1);
              count[0] += 2 * (out[0].length() / oc) * w.length();
            } else if (f instanceof Mmul && !in.isEmpty() && out.length > 0) {
              INDArray a = in.get(0);
              count[1] += 2 * out[0].length() * a.size(a.rank() - 1);
            }
          }
        };
    Map<String, INDArray> res = sd.output(placeholders, List.of(counter), outputs);
    res.values().forEach(ForwardFlops::release);
    return new ForwardFlops(count[0], count[1]);
  }

  /**
   * Counts one forward pass of a DeepLearning4j graph on {@code input}: each 3D convolution layer's
   * output positions times its weights, each dense or output layer's batch times its weights.
   */
  public static ForwardFlops of(ComputationGraph graph, INDArray input) {
    Map<String, INDArray> acts;
    synchronized (graph) {
      acts = graph.feedForward(input, false);
    }
    long conv = 0;
    long mat = 0;
    long batch = input.size(0);
    for (Layer l : graph.getLayers()) {
      org.deeplearning4j.nn.conf.layers.Layer conf = l.conf().getLayer();
      INDArray w = l.paramTable().get("W");
      if (w == null) {
        continue;
      }
      if (conf instanceof Convolution3D c) {
        INDArray a = acts.get(conf.getLayerName());
        if (a != null) {
          conv += 2 * (a.length() / c.getNOut()) * w.length();
        }
      } else if (conf instanceof DenseLayer || conf instanceof BaseOutputLayer) {
        mat += 2 * batch * w.length();
      }
    }
    return new ForwardFlops(conv, mat);
  }

  private static void release(INDArray a) {
    if (a != null && !a.wasClosed() && a.closeable()) {
      a.close();
    }
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%.3f GFLOP (convolutions %.3f, matrix products %.3f)",
        total() / 1e9,
        convolution / 1e9,
        matrixProduct / 1e9);
  }
}
