package org.lungnodule.models.classifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.preprocess.NoduleCube;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.models.ModelArchive;
import org.lungnodule.models.ModelArchiveException;
import org.lungnodule.models.Provenance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained benign/malignant classifier: gives the probability of malignancy for a nodule cube or a
 * batch of cubes. Safe to share between threads: calls into the network are serialised on it (DL4J
 * networks are not thread-safe), and results are detached copies.
 *
 * <p>Saved as a {@link ModelArchive} of kind {@value #KIND}, with the input shape and the cube
 * preprocessing settings, and the {@link Provenance}.
 */
public final class MalignancyClassifier {

  /** The model kind in archives. */
  public static final String KIND = "resnet3d-classifier";

  /** The preprocessing key holding the input shape, for example {@code 3x32x64x64}. */
  public static final String INPUT_SHAPE_KEY = "input.shape";

  /**
   * The preprocessing key holding how many symmetric views of each cube {@link #predict} averages:
   * {@code 1} (the cube as cut; also when the key is absent), {@code 8} (its flips along z, y and
   * x) or {@code 16} (the flips and the axial transposes: every flip and 90° rotation of the axial
   * plane, for a square plane).
   */
  public static final String VIEWS_KEY = "predict.views";

  private static final int BATCH = 8;

  private final ComputationGraph net;
  private final Map<String, String> preprocessing;
  private final Provenance provenance;
  private final int[] shape;
  private final int views;
  private ComputationGraph inference; // the folded copy of net, made on first use; guarded by net

  MalignancyClassifier(
      ComputationGraph net, Map<String, String> preprocessing, Provenance provenance) {
    this.net = Objects.requireNonNull(net, "net");
    this.preprocessing = Map.copyOf(preprocessing);
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    this.shape = parseShape(preprocessing.get(INPUT_SHAPE_KEY));
    this.views = parseViews(preprocessing.get(VIEWS_KEY), shape);
  }

  /** Parses {@value #VIEWS_KEY}: absent means 1; else 1, 8 or 16 (16 for a square plane only). */
  static int parseViews(String text, int[] shape) {
    if (text == null) {
      return 1;
    }
    int v;
    try {
      v = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + VIEWS_KEY + "' must be 1, 8 or 16, got '" + text + "'", e);
    }
    if (v != 1 && v != 8 && v != 16) {
      throw new IllegalArgumentException("'" + VIEWS_KEY + "' must be 1, 8 or 16, got " + v);
    }
    if (v > CubeViews.max(shape)) {
      throw new IllegalArgumentException(
          "'"
              + VIEWS_KEY
              + "' is "
              + v
              + " but a "
              + shape[2]
              + "x"
              + shape[3]
              + " plane has "
              + CubeViews.max(shape)
              + " views");
    }
    return v;
  }

  private static int[] parseShape(String text) {
    if (text == null) {
      throw new IllegalArgumentException("preprocessing settings lack '" + INPUT_SHAPE_KEY + "'");
    }
    String[] p = text.split("x");
    if (p.length != 4) {
      throw new IllegalArgumentException("input shape must be c x d x h x w, got '" + text + "'");
    }
    int[] s = new int[4];
    for (int i = 0; i < 4; i++) {
      s[i] = Integer.parseInt(p[i].trim());
    }
    return s;
  }

  /**
   * A classifier with freshly initialised weights: a starting point for {@link ClassifierTrainer},
   * or for tests and benchmarks of the inference path, without assembling a {@link ModelArchive}.
   * It cuts cubes of the network's input size with the default HU windows and spacing ({@link
   * CubePreprocessing#defaults()}), and its provenance says it was trained on nothing (the hash of
   * an empty case list) with {@code seed}.
   *
   * <pre>{@code
   * MalignancyClassifier clf = MalignancyClassifier.untrained(ResNet3d.small(), 7);
   * double p = clf.predict(NoduleCubes.defaults().extract(iso, nodule.centerMm()));
   * }</pre>
   *
   * @param architecture the network to build, for example {@link ResNet3d#small()}
   * @param seed the weight-initialisation seed (same seed, same weights)
   * @throws NullPointerException if {@code architecture} is null
   * @throws IllegalArgumentException if the network does not take one channel per default window
   */
  public static MalignancyClassifier untrained(ResNet3d architecture, long seed) {
    Objects.requireNonNull(architecture, "architecture");
    int[] in = architecture.inputShape();
    NoduleCubes defaults = NoduleCubes.defaults();
    if (in[0] != defaults.shape()[0]) {
      throw new IllegalArgumentException(
          "an untrained classifier uses the default "
              + defaults.shape()[0]
              + " HU windows, so the network needs "
              + defaults.shape()[0]
              + " input channels, got "
              + in[0]);
    }
    NoduleCubes cubes =
        NoduleCubes.builder()
            .size(in[1], in[2], in[3])
            .windows(defaults.windows())
            .padHu(defaults.padHu())
            .build();
    Map<String, String> prep =
        new java.util.TreeMap<>(
            CubePreprocessing.of(CubePreprocessing.defaults().spacingMm(), cubes).toMap());
    prep.put(INPUT_SHAPE_KEY, architecture.describe().get("arch.inputShape"));
    Map<String, String> hyper = new java.util.TreeMap<>(architecture.describe());
    hyper.put("trained", "false");
    Provenance prov =
        Provenance.now(KIND, Provenance.hashTrainingData(List.of(), List.of()), seed, hyper);
    return new MalignancyClassifier(architecture.newGraph(seed), prep, prov);
  }

  /**
   * Loads a classifier saved by {@link #save}.
   *
   * @throws ModelArchiveException naming the file if it is not a classifier archive or is corrupt
   * @throws IOException if it cannot be read
   */
  public static MalignancyClassifier load(Path file) throws IOException {
    ModelArchive a = ModelArchive.read(file, KIND);
    try {
      return new MalignancyClassifier(a.graph(), a.preprocessing(), a.provenance());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ModelArchiveException(file, "bad classifier archive: " + e.getMessage(), e);
    }
  }

  /**
   * A classifier from an archive already read, of any model kind (used for cube classifiers that
   * travel inside another model's archive, such as a segmenter's false-positive reducer).
   *
   * @throws IllegalArgumentException if the archive does not hold a computation graph with an input
   *     shape in its preprocessing settings
   */
  public static MalignancyClassifier fromArchive(ModelArchive archive) {
    if (!archive.isComputationGraph()) {
      throw new IllegalArgumentException(
          "a '" + archive.kind() + "' archive holding a SameDiff network is not a cube classifier");
    }
    return new MalignancyClassifier(archive.graph(), archive.preprocessing(), archive.provenance());
  }

  /**
   * The classifier as an archive, not yet written; it shares this classifier's network, so write it
   * before using the classifier again from another thread.
   */
  public ModelArchive toArchive() {
    return ModelArchive.of(net, preprocessing, provenance);
  }

  /**
   * Returns this classifier with another provenance (same network and preprocessing), for
   * classifiers trained for another purpose than malignancy.
   */
  public MalignancyClassifier withProvenance(Provenance other) {
    return new MalignancyClassifier(net, preprocessing, other);
  }

  /**
   * Saves the classifier as one archive file (written atomically).
   *
   * @throws IOException if writing fails
   */
  public void save(Path file) throws IOException {
    synchronized (net) {
      ModelArchive.of(net, preprocessing, provenance).write(file);
    }
  }

  /** Returns the provenance. */
  public Provenance provenance() {
    return provenance;
  }

  /** Returns the preprocessing settings, including {@value #INPUT_SHAPE_KEY}. */
  public Map<String, String> preprocessing() {
    return preprocessing;
  }

  /**
   * Returns how many symmetric views of each cube {@link #predict} averages ({@value #VIEWS_KEY}; 1
   * when the model was saved without it).
   */
  public int views() {
    return views;
  }

  /** Returns the input shape [c, d, h, w] (a copy). */
  public int[] inputShape() {
    return shape.clone();
  }

  /** Returns a copy of the network (for fine-tuning; the classifier keeps its own). */
  public ComputationGraph copyNetwork() {
    synchronized (net) {
      return net.clone();
    }
  }

  /**
   * Returns the probability that the nodule in one cube is malignant.
   *
   * @param cube channel-major values, c·d·h·w of them
   * @throws IllegalArgumentException if the length does not match the input shape
   */
  public double predict(float[] cube) {
    return predict(List.of(cube))[0];
  }

  /**
   * Returns the probability of malignancy for each cube, computed in mini-batches: the mean of the
   * probabilities of its {@link #views()} symmetric views (the cube alone when that is 1).
   *
   * @throws IllegalArgumentException naming the first cube whose length does not match
   */
  public double[] predict(List<float[]> cubes) {
    int len = shape[0] * shape[1] * shape[2] * shape[3];
    for (int i = 0; i < cubes.size(); i++) {
      if (cubes.get(i).length != len) {
        throw new IllegalArgumentException(
            "cube "
                + i
                + " must have "
                + len
                + " values for shape "
                + Arrays.toString(shape)
                + ", got "
                + cubes.get(i).length);
      }
    }
    double[] out = new double[cubes.size()];
    for (int from = 0; from < cubes.size(); from += BATCH) {
      int b = Math.min(BATCH, cubes.size() - from);
      float[] x = new float[b * len];
      for (int v = 0; v < views; v++) {
        for (int i = 0; i < b; i++) {
          CubeViews.copy(cubes.get(from + i), x, i * len, shape, v);
        }
        double[] p = forward(inference(), x, b, shape);
        for (int i = 0; i < b; i++) {
          out[from + i] += p[i];
        }
      }
      for (int i = 0; i < b; i++) {
        out[from + i] /= views;
      }
    }
    return out;
  }

  /**
   * Returns the probability of malignancy for a cube made by {@link
   * org.lungnodule.core.preprocess.NoduleCubes}.
   *
   * @throws IllegalArgumentException if its shape is not the input shape
   */
  public double predict(NoduleCube cube) {
    if (!Arrays.equals(cube.shape(), shape)) {
      throw new IllegalArgumentException(
          "cube shape must be "
              + Arrays.toString(shape)
              + ", got "
              + Arrays.toString(cube.shape()));
    }
    return predict(cube.data());
  }

  /**
   * Scores every nodule of a scan: resamples the volume and cuts the cubes with the preprocessing
   * saved with the model, then predicts in mini-batches.
   *
   * @param volume the CT volume, at any spacing
   * @param nodules the nodules to score (their centres are used)
   * @return one prediction per nodule, in order
   * @throws IllegalStateException if the model was saved without cube preprocessing settings
   */
  public List<NodulePrediction> predict(CtVolume volume, List<Nodule> nodules) {
    CubePreprocessing prep;
    try {
      prep = CubePreprocessing.fromMap(preprocessing);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "this model has no cube preprocessing settings ("
              + e.getMessage()
              + "); extract cubes yourself and call predict(List<float[]>)",
          e);
    }
    List<NoduleCube> cubes = prep.cubes(volume, nodules);
    double[] p = predict(cubes.stream().map(NoduleCube::data).toList());
    List<NodulePrediction> out = new java.util.ArrayList<>();
    for (int i = 0; i < nodules.size(); i++) {
      out.add(new NodulePrediction(nodules.get(i).id(), nodules.get(i).label(), p[i]));
    }
    return List.copyOf(out);
  }

  /**
   * The floating-point operations of one forward pass on one cube, counted as {@link
   * org.lungnodule.models.ForwardFlops} counts them.
   */
  public org.lungnodule.models.ForwardFlops forwardFlops() {
    INDArray in =
        Nd4j.zeros(
            org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, shape[0], shape[1], shape[2], shape[3]);
    try {
      return org.lungnodule.models.ForwardFlops.of(net, in);
    } finally {
      release(in);
    }
  }

  /** Probabilities of labelled cubes (used for validation during training). */
  static double[] probabilities(
      ComputationGraph net, List<LabelledCube> cubes, int[] shape, int batch) {
    int len = shape[0] * shape[1] * shape[2] * shape[3];
    double[] out = new double[cubes.size()];
    for (int from = 0; from < cubes.size(); from += batch) {
      int b = Math.min(batch, cubes.size() - from);
      float[] x = new float[b * len];
      for (int i = 0; i < b; i++) {
        System.arraycopy(cubes.get(from + i).values(), 0, x, i * len, len);
      }
      System.arraycopy(forward(net, x, b, shape), 0, out, from, b);
    }
    return out;
  }

  /**
   * The network that {@link #predict} runs: a copy with the batch norms folded into the
   * convolutions ({@link BatchNormFolding}), which gives the same probabilities to rounding in
   * about half the time; made on the first prediction.
   */
  private ComputationGraph inference() {
    synchronized (net) {
      if (inference == null) {
        inference = BatchNormFolding.fold(net);
      }
      return inference;
    }
  }

  /**
   * One forward pass: the probabilities are copied out while the network is held, and the input and
   * output arrays are freed at once rather than whenever the garbage collector finds them (native
   * memory otherwise grows with the call rate, not the heap).
   */
  private static double[] forward(ComputationGraph net, float[] x, int b, int[] shape) {
    INDArray in = Nd4j.create(x, new long[] {b, shape[0], shape[1], shape[2], shape[3]}, 'c');
    double[] p = new double[b];
    try {
      synchronized (net) {
        INDArray o = net.outputSingle(false, in);
        try {
          for (int i = 0; i < b; i++) {
            p[i] = o.getDouble(i, 1);
          }
        } finally {
          release(o);
        }
      }
    } finally {
      release(in);
    }
    return p;
  }

  private static void release(INDArray a) {
    if (a != null && !a.wasClosed() && a.closeable()) {
      a.close();
    }
  }

  @Override
  public String toString() {
    return "MalignancyClassifier[input="
        + Arrays.toString(shape)
        + ", trained on "
        + provenance
            .trainingDataHash()
            .substring(0, Math.min(12, provenance.trainingDataHash().length()))
        + ", seed "
        + provenance.seed()
        + provenance.site().map(s -> ", fine-tuned at " + s).orElse("")
        + "]";
  }
}
