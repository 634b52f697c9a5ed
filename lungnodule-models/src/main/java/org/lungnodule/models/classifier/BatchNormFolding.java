package org.lungnodule.models.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An inference copy of a {@link ResNet3d} graph with each batch norm folded into the convolution
 * before it: at inference a batch norm is the affine map {@code γ (x − μ) / σ + β} per channel, so
 * the convolution's weights scaled by {@code γ / σ} per output channel and a bias {@code β − μ γ /
 * σ} give the same output with neither the batch norm nor the two reshapes around it; a ReLU layer
 * that only follows such a batch norm becomes the convolution's activation. DL4J runs a batch norm
 * on a 5D activation as broadcast operations that took about half of a small ResNet's forward time
 * on this library's cubes; the convolution's bias is a fused add.
 *
 * <p>Folded: a {@link BatchNormalization} whose input is a {@link ReshapeVertex} fed by a {@link
 * Convolution3D} and whose only consumer is a {@link ReshapeVertex}, each of the four feeding only
 * the next (the pattern {@link ResNet3d} builds). Everything else is copied as it is, with its
 * parameters. σ is {@code √(var + ε)} with the batch norm's global variance, {@code var =
 * (10^log10stdev)²} in the log-std parameterisation, as DL4J computes it at inference (leaving ε
 * out made the folded copy differ by 2·10⁻⁴–2·10⁻³ of the features' scale). The result agrees with
 * the original's inference output to rounding (float32); training the copy is not meaningful (it
 * has no batch norm).
 */
final class BatchNormFolding {

  private BatchNormFolding() {}

  /** The folded copy of a network (inference only); the network itself is not changed. */
  static ComputationGraph fold(ComputationGraph net) {
    ComputationGraphConfiguration conf = net.getConfiguration();
    Map<String, GraphVertex> vertices = conf.getVertices();
    Map<String, List<String>> inputs = conf.getVertexInputs();
    Map<String, List<String>> consumers = new HashMap<>();
    inputs.forEach(
        (name, ins) ->
            ins.forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(name)));
    for (String out : conf.getNetworkOutputs()) {
      consumers.computeIfAbsent(out, k -> new ArrayList<>()).add("<output>");
    }

    Map<String, String> bnOfConv = new HashMap<>(); // convolution → its batch norm
    Map<String, IActivation> reluOfConv = new HashMap<>(); // convolution → the ReLU after it
    Map<String, String> alias = new HashMap<>(); // unflatten vertex → convolution
    Set<String> skipped = new HashSet<>();
    for (Map.Entry<String, GraphVertex> e : vertices.entrySet()) {
      String bn = e.getKey();
      if (!(layerOf(e.getValue()) instanceof BatchNormalization)) {
        continue;
      }
      String flat = only(inputs.get(bn));
      String unflat = only(consumers.get(bn));
      if (flat == null || unflat == null) {
        continue;
      }
      String conv = only(inputs.get(flat));
      if (conv == null
          || !(vertices.get(flat) instanceof ReshapeVertex)
          || !(vertices.get(unflat) instanceof ReshapeVertex)
          || !(layerOf(vertices.get(conv)) instanceof Convolution3D)
          || !bn.equals(only(consumers.get(flat)))
          || !flat.equals(only(consumers.get(conv)))
          || !bn.equals(only(inputs.get(unflat)))) {
        continue;
      }
      bnOfConv.put(conv, bn);
      alias.put(unflat, conv);
      skipped.add(flat);
      skipped.add(bn);
      skipped.add(unflat);
      String act = only(consumers.get(unflat));
      if (act != null
          && layerOf(vertices.get(act)) instanceof ActivationLayer a
          && a.getActivationFn() instanceof ActivationReLU
          && unflat.equals(only(inputs.get(act)))
          && !conf.getNetworkOutputs().contains(act)) {
        reluOfConv.put(conv, a.getActivationFn());
        alias.put(act, conv);
        skipped.add(act);
      }
    }

    ComputationGraphConfiguration.GraphBuilder gb =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
            .graphBuilder()
            .addInputs(conf.getNetworkInputs());
    Set<String> networkInputs = new HashSet<>(conf.getNetworkInputs());
    for (String name : conf.getTopologicalOrderStr()) {
      if (networkInputs.contains(name) || skipped.contains(name)) {
        continue;
      }
      String[] ins =
          inputs.get(name).stream().map(i -> alias.getOrDefault(i, i)).toArray(String[]::new);
      GraphVertex v = vertices.get(name);
      if (v instanceof LayerVertex lv) {
        Layer layer = lv.getLayerConf().getLayer().clone();
        if (bnOfConv.containsKey(name)) {
          ((Convolution3D) layer).setHasBias(true);
          if (reluOfConv.containsKey(name)) {
            ((Convolution3D) layer).setActivationFn(reluOfConv.get(name));
          }
        }
        gb.addLayer(name, layer, lv.getPreProcessor(), ins);
      } else {
        gb.addVertex(name, v.clone(), ins);
      }
    }
    gb.setOutputs(
        conf.getNetworkOutputs().stream()
            .map(o -> alias.getOrDefault(o, o))
            .toArray(String[]::new));
    ComputationGraph folded = new ComputationGraph(gb.build());
    folded.init();

    for (org.deeplearning4j.nn.graph.vertex.GraphVertex vertex : folded.getVertices()) {
      if (!vertex.hasLayer()) {
        continue;
      }
      org.deeplearning4j.nn.api.Layer target = vertex.getLayer();
      String name = vertex.getVertexName();
      String bn = bnOfConv.get(name);
      Map<String, INDArray> from = net.getLayer(name).paramTable();
      if (bn == null) {
        from.forEach((k, p) -> target.getParam(k).assign(p));
        continue;
      }
      BatchNormalization bnConf = (BatchNormalization) layerOf(vertices.get(bn));
      Map<String, INDArray> bnp = net.getLayer(bn).paramTable();
      float[] gamma = bnp.get(BatchNormalizationParamInitializer.GAMMA).toFloatVector();
      float[] beta = bnp.get(BatchNormalizationParamInitializer.BETA).toFloatVector();
      float[] mean = bnp.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).toFloatVector();
      double[] sigma = new double[gamma.length];
      if (bnConf.isUseLogStd()) {
        float[] log10s = bnp.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).toFloatVector();
        for (int c = 0; c < sigma.length; c++) {
          double s = Math.pow(10, log10s[c]);
          sigma[c] = Math.sqrt(s * s + bnConf.getEps());
        }
      } else {
        float[] var = bnp.get(BatchNormalizationParamInitializer.GLOBAL_VAR).toFloatVector();
        for (int c = 0; c < sigma.length; c++) {
          sigma[c] = Math.sqrt(var[c] + bnConf.getEps());
        }
      }
      INDArray w = from.get("W"); // [out, in, kd, kh, kw]
      long per = w.length() / w.size(0);
      float[] wv = w.dup('c').data().asFloat();
      float[] bias = new float[gamma.length];
      INDArray oldBias = from.get("b");
      float[] ob = oldBias == null ? new float[gamma.length] : oldBias.toFloatVector();
      for (int c = 0; c < gamma.length; c++) {
        double scale = gamma[c] / sigma[c];
        for (long t = c * per; t < (c + 1) * per; t++) {
          wv[(int) t] = (float) (wv[(int) t] * scale);
        }
        bias[c] = (float) (beta[c] + (ob[c] - mean[c]) * scale);
      }
      target.getParam("W").assign(Nd4j.create(wv, w.shape(), 'c'));
      INDArray b = target.getParam("b");
      b.assign(Nd4j.create(bias).reshape(b.shape()));
    }
    return folded;
  }

  private static Layer layerOf(GraphVertex v) {
    return v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
  }

  private static String only(List<String> names) {
    return names != null && names.size() == 1 ? names.get(0) : null;
  }
}
