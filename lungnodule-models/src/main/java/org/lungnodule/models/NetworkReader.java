package org.lungnodule.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lungnodule.core.MemoryBudget;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads the network entry of a model file without Java deserialization.
 *
 * <p>A {@link ComputationGraph} is stored as DL4J's {@code ModelSerializer} writes it: a zip with
 * {@value #CONFIGURATION}, {@value #COEFFICIENTS}, optionally {@value #NO_PARAMS} and {@value
 * #UPDATER}, in that order. {@code ModelSerializer.restoreComputationGraph} would also deserialize
 * a {@code preprocessor.bin} entry with {@code ObjectInputStream}, and read every entry into a byte
 * array of the size its header declares; so this class reads the entries itself, in one pass: any
 * other entry name is refused (naming it); the configuration is checked by {@link ConfigJsonCheck}
 * before {@link ComputationGraphConfiguration#fromJson} parses it; its parameter count decides how
 * many coefficients {@link Nd4jArrays} accepts; then the graph is built as {@code ModelSerializer}
 * builds it (data type from the coefficients, {@code init(params, false)}, the updater's state view
 * set from {@value #UPDATER}), so the result is the same network.
 *
 * <p>A {@link SameDiff} network is read by {@link SameDiffCarriers}. Every entry is bounded by
 * {@link BoundedReads}: the network entry, each entry inside it and each array it declares may take
 * at most {@link BoundedReads#plausible} bytes, a hundred times the network entry's compressed size
 * (at least 16 MiB) and never more than the memory budget. No {@code ObjectInputStream} is created
 * anywhere on this path.
 */
final class NetworkReader {

  static final String CONFIGURATION = "configuration.json";
  static final String COEFFICIENTS = "coefficients.bin";
  static final String NO_PARAMS = "noParams.marker";
  static final String UPDATER = "updaterState.bin";

  private NetworkReader() {}

  /**
   * Reads the network stored in {@code entry} of {@code zip}.
   *
   * @param type {@code ComputationGraph} or {@code SameDiff}
   * @throws ModelArchiveException naming the file and entry for anything but a network this library
   *     writes
   */
  static Object read(Path file, ZipFile zip, ZipEntry entry, String type, boolean withUpdater)
      throws IOException {
    String name = entry.getName();
    // what this entry may inflate to and what reading it may allocate, by its compressed size
    long limit = BoundedReads.plausible(entry.getCompressedSize(), java.nio.file.Files.size(file));
    BoundedReads.checkDeclared(file, name, entry.getSize(), limit);
    try (InputStream raw = zip.getInputStream(entry)) {
      InputStream in = BoundedReads.bounded(raw, file, name, limit);
      return switch (type) {
        case "ComputationGraph" -> readGraph(file, name, in, withUpdater, limit);
        case "SameDiff" -> SameDiffCarriers.read(file, name, in.readAllBytes());
        default ->
            throw new ModelArchiveException(
                file,
                "unknown network type '" + type + "' (expected ComputationGraph or SameDiff)",
                null);
      };
    } catch (ModelArchiveException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // a broken deflate stream, a bad CRC, a truncated entry, a malformed name
      throw new ModelArchiveException(file, "corrupt entry '" + name + "': " + e, e);
    }
  }

  private static ComputationGraph readGraph(
      Path file, String outer, InputStream in, boolean withUpdater, long limit) throws IOException {
    Graph g = new Graph(file, outer, withUpdater, limit);
    ZipInputStream z = new ZipInputStream(in);
    Set<String> seen = new HashSet<>();
    ZipEntry e;
    while ((e = z.getNextEntry()) != null) {
      String name = e.getName();
      String where = outer + "/" + name;
      if (!seen.add(name)) {
        throw refuse(file, where, "appears twice");
      }
      g.entry(name, where, z);
    }
    return g.finish();
  }

  /** The state of one pass over a ModelSerializer zip. */
  private static final class Graph {
    private final Path file;
    private final String outer;
    private final boolean withUpdater;
    private final long limit;
    private ComputationGraphConfiguration conf;
    private long numParams;
    private boolean sawCoefficients;
    private boolean sawMarker;
    private INDArray params;
    private ComputationGraph graph;

    /**
     * {@code limit}: the most any inner entry may inflate to (the outer entry's plausible size).
     */
    Graph(Path file, String outer, boolean withUpdater, long limit) {
      this.file = file;
      this.outer = outer;
      this.withUpdater = withUpdater;
      this.limit = limit;
    }

    void entry(String name, String where, InputStream z) throws IOException {
      switch (name) {
        case CONFIGURATION -> configuration(where, z);
        case COEFFICIENTS -> coefficients(where, z);
        case NO_PARAMS -> {
          BoundedReads.readAll(z, file, where, 0);
          sawMarker = true;
        }
        case UPDATER -> updater(where, z);
        case "preprocessor.bin", "normalizer.bin" ->
            throw refuse(
                file,
                where,
                "is a java-serialized data preprocessor or normalizer, which"
                    + " lungnodule never writes and never deserializes (a model file is data, not code)");
        default ->
            throw refuse(
                file,
                where,
                "is not part of a network (expected only "
                    + CONFIGURATION
                    + ", "
                    + COEFFICIENTS
                    + ", "
                    + NO_PARAMS
                    + " and "
                    + UPDATER
                    + ")");
      }
    }

    private void configuration(String where, InputStream z) throws IOException {
      if (sawCoefficients || sawMarker || graph != null) {
        throw refuse(file, where, "must come first, as DL4J writes it");
      }
      byte[] bytes = BoundedReads.readAll(z, file, where, Math.min(limit, BoundedReads.TEXT_LIMIT));
      String json = new String(bytes, StandardCharsets.UTF_8);
      ConfigJsonCheck.check(file, where, json);
      try {
        conf = ComputationGraphConfiguration.fromJson(json);
      } catch (RuntimeException ex) {
        throw refuse(file, where, "is not a computation graph configuration: " + ex.getMessage());
      }
      if (conf.getNetworkInputs() == null
          || conf.getVertices() == null
          || conf.getVertices().isEmpty()) {
        throw refuse(
            file, where, "is not a computation graph configuration (no inputs or vertices)");
      }
      long n = 0;
      try {
        for (GraphVertex v : conf.getVertices().values()) {
          long k = v.numParams(true);
          if (k < 0) {
            throw new ArithmeticException("negative parameter count " + k);
          }
          n = Math.addExact(n, k);
        }
      } catch (RuntimeException ex) {
        throw refuse(file, where, "declares an impossible network: " + ex.getMessage());
      }
      if (n > limit / 4) {
        long need = n > Long.MAX_VALUE / 4 ? -1 : n * 4;
        String what = "declares " + n + " parameters";
        throw new ModelArchiveException(
            file,
            limit >= MemoryBudget.limit()
                ? MemoryBudget.refusal(need, "entry '" + where + "' " + what)
                : BoundedReads.tooLarge(outer, "holds a configuration that " + what, need, limit),
            null);
      }
      numParams = n;
    }

    private void coefficients(String where, InputStream z) throws IOException {
      if (conf == null) {
        throw refuse(
            file,
            where,
            "comes before " + CONFIGURATION + " (DL4J writes the configuration first)");
      }
      if (graph != null) {
        throw refuse(file, where, "comes after " + UPDATER);
      }
      sawCoefficients = true;
      PushbackInputStream p = new PushbackInputStream(BoundedReads.bounded(z, file, where, limit));
      int first = p.read();
      if (first < 0) {
        return; // no parameters: noParams.marker must follow and the configuration must have none
      }
      p.unread(first);
      params = Nd4jArrays.read(p, file, where, numParams, limit);
    }

    private void updater(String where, InputStream z) throws IOException {
      if (!withUpdater) {
        // archives never hold one; read it through the bounds (and the magic check) and drop it
        BoundedReads.readAll(z, file, where, limit);
        return;
      }
      ComputationGraph g = build(where);
      INDArray view = g.getUpdater().getStateViewArray();
      if (view == null) {
        throw refuse(
            file, where, "holds updater state, but the configuration's updater keeps none");
      }
      INDArray state =
          Nd4jArrays.read(
              BoundedReads.bounded(z, file, where, limit), file, where, view.length(), limit);
      try {
        g.getUpdater().setStateViewArray(state);
      } catch (RuntimeException ex) {
        throw refuse(file, where, "does not fit the network's updater: " + ex.getMessage());
      }
    }

    private ComputationGraph build(String where) throws ModelArchiveException {
      if (graph != null) {
        return graph;
      }
      if (conf == null || !sawCoefficients) {
        throw new ModelArchiveException(
            file,
            "entry '"
                + outer
                + "' holds no network: "
                + (conf == null ? "no " + CONFIGURATION : "no " + COEFFICIENTS)
                + " before "
                + where,
            null);
      }
      if (params == null && (!sawMarker || numParams != 0)) {
        throw refuse(
            file,
            outer + "/" + COEFFICIENTS,
            "is empty, but the configuration has " + numParams + " parameters");
      }
      try {
        if (params != null) {
          conf.setDataType(params.dataType());
        }
        ComputationGraph g = new ComputationGraph(conf);
        g.init(params, false);
        checkShapes(g);
        graph = g;
        return g;
      } catch (ModelArchiveException ex) {
        throw ex;
      } catch (RuntimeException ex) {
        throw new ModelArchiveException(
            file, "entry '" + outer + "': cannot build the network: " + ex, ex);
      }
    }

    /**
     * Refuses a network whose parameter arrays do not add up to its parameter count: DL4J counts
     * parameters in {@code long} arithmetic that wraps, so a configuration with absurd layer sizes
     * can "need" a few parameters and get views of impossible shapes over them, which would read
     * outside their memory when the network runs.
     */
    private void checkShapes(ComputationGraph g) throws ModelArchiveException {
      long total = 0;
      for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
        long count = 1;
        for (long d : e.getValue().shape()) {
          if (d < 0 || d > numParams) {
            throw shape(e.getKey(), e.getValue());
          }
          count = d == 0 || count <= numParams / d ? count * d : numParams + 1;
          if (count > numParams) {
            throw shape(e.getKey(), e.getValue());
          }
        }
        total += count;
      }
      if (total != numParams) {
        throw new ModelArchiveException(
            file,
            "entry '"
                + outer
                + "/"
                + CONFIGURATION
                + "' declares "
                + numParams
                + " parameters, but its layers' parameter arrays hold "
                + total,
            null);
      }
    }

    private ModelArchiveException shape(String param, INDArray a) {
      return new ModelArchiveException(
          file,
          "entry '"
              + outer
              + "/"
              + CONFIGURATION
              + "' gives parameter '"
              + param
              + "' the impossible shape "
              + java.util.Arrays.toString(a.shape())
              + " (the network has "
              + numParams
              + " parameters)",
          null);
    }

    ComputationGraph finish() throws ModelArchiveException {
      if (conf == null) {
        throw new ModelArchiveException(
            file, "entry '" + outer + "' holds no " + CONFIGURATION, null);
      }
      if (!sawCoefficients) {
        throw new ModelArchiveException(
            file, "entry '" + outer + "' holds no " + COEFFICIENTS, null);
      }
      return build("the end");
    }
  }

  private static ModelArchiveException refuse(Path file, String where, String problem) {
    return new ModelArchiveException(file, "entry '" + where + "' " + problem, null);
  }
}
