package org.lungnodule.models.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.lungnodule.models.HostileArchives;
import org.lungnodule.models.ModelArchive;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnModel;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes the regression inputs of {@link ModelArchiveFuzzTest} (run {@link #main} with the test
 * class path and the inputs folder), and holds the harness's entry-list encoding.
 */
public final class ModelArchiveFuzzInputs {

  private ModelArchiveFuzzInputs() {}

  /**
   * The outer entries of a real archive of kind {@code fuzz} (the harness replaces two of them).
   */
  static Map<String, byte[]> outerTemplate(Path file) throws IOException {
    ModelArchive.of(HostileArchives.denseGraph(1), Map.of(), prov("fuzz")).write(file);
    return HostileArchives.entries(Files.readAllBytes(file));
  }

  private static Provenance prov(String kind) {
    return new Provenance(
        kind,
        "fuzz-regression-input",
        1,
        Map.of("note", "made by ModelArchiveFuzzInputs"),
        "0.1.0",
        "1.0.0-M2.1",
        java.time.Instant.EPOCH,
        java.util.Optional.empty(),
        java.util.Optional.empty());
  }

  /**
   * Decodes the harness's entry list: 1-byte name length, name, 4-byte big-endian length, bytes.
   */
  static Map<String, byte[]> decodeEntries(byte[] data, int from) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    ByteBuffer b = ByteBuffer.wrap(data, from, data.length - from);
    while (b.remaining() >= 1) {
      int n = b.get() & 0xFF;
      byte[] name = new byte[Math.min(n, b.remaining())];
      b.get(name);
      int len = b.remaining() >= 4 ? b.getInt() : 0;
      byte[] body = new byte[Math.max(0, Math.min(len, b.remaining()))];
      b.get(body);
      String s = new String(name, StandardCharsets.UTF_8);
      if (!s.isEmpty() && !m.containsKey(s)) {
        m.put(s, body);
      }
    }
    return m;
  }

  static byte[] encodeEntries(int type, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(bo);
    d.writeByte(type);
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      d.writeByte(name.length);
      d.write(name);
      d.writeInt(e.getValue().length);
      d.write(e.getValue());
    }
    return bo.toByteArray();
  }

  private static byte[] withNetwork(byte[] archive, UnaryOperator<Map<String, byte[]>> change)
      throws IOException {
    Map<String, byte[]> outer = HostileArchives.entries(archive);
    Map<String, byte[]> inner = HostileArchives.entries(outer.get("network.bin"));
    outer.put("network.bin", HostileArchives.zip(change.apply(inner), false));
    return HostileArchives.zip(outer, false);
  }

  private static UnaryOperator<Map<String, byte[]>> put(String entry, byte[] bytes) {
    return m -> {
      m.put(entry, bytes);
      return m;
    };
  }

  private static UnaryOperator<Map<String, byte[]>> config(UnaryOperator<String> change) {
    return m -> {
      m.put(
          "configuration.json",
          change
              .apply(new String(m.get("configuration.json"), StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8));
      return m;
    };
  }

  /**
   * Writes the regression inputs into {@code args[0]} (the {@code ModelArchiveFuzzTestInputs}
   * folder).
   */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path read = Files.createDirectories(root.resolve("read"));
    Path network = Files.createDirectories(root.resolve("network"));
    Path tmp = Files.createTempDirectory("fuzz-inputs");

    // a real TINY-preset segmenter archive (fresh weights, seed 1), entries stored uncompressed so
    // that mutations reach the bytes
    Path seg = tmp.resolve("seg.zip");
    NoduleSegmenter.of(
            MaskRcnnModel.create(MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY), 1),
            prov(NoduleSegmenter.MODEL_KIND))
        .save(seg);
    Map<String, byte[]> segEntries = HostileArchives.entries(Files.readAllBytes(seg));
    Files.write(read.resolve("valid-tiny-segmenter"), HostileArchives.zip(segEntries, true));
    Files.write(
        network.resolve("valid-tiny-segmenter-carrier"),
        concat(new byte[] {1}, segEntries.get("network.bin")));

    // a tiny dense classifier graph: the base of the hostile inputs
    Path dense = tmp.resolve("dense.zip");
    ModelArchive.of(HostileArchives.denseGraph(1), Map.of(), prov("fuzz")).write(dense);
    byte[] denseBytes = Files.readAllBytes(dense);
    Files.write(read.resolve("valid-dense-graph"), denseBytes);
    Map<String, byte[]> denseInner =
        HostileArchives.entries(HostileArchives.entries(denseBytes).get("network.bin"));
    Files.write(network.resolve("valid-dense-graph-entries"), encodeEntries(0, denseInner));

    // issue 30: a serialized java.util.Date in preprocessor.bin (deserialized before the fix)
    UnaryOperator<Map<String, byte[]>> date =
        put("preprocessor.bin", HostileArchives.serialized(new Date(0)));
    Files.write(read.resolve("hostile-date-in-preprocessor-bin"), withNetwork(denseBytes, date));
    Files.write(
        network.resolve("hostile-date-in-preprocessor-bin"),
        encodeEntries(0, date.apply(new LinkedHashMap<>(denseInner))));

    // issue 30: the 5.7 KB nested-HashSet payload (hung the process before the fix)
    Files.write(
        read.resolve("hostile-nested-hashset-in-preprocessor-bin"),
        withNetwork(denseBytes, put("preprocessor.bin", HostileArchives.nestedHashSet())));

    // issue 30: coefficients whose header declares 250 M floats (1 GB) in a file of about 1 KB
    UnaryOperator<Map<String, byte[]>> huge =
        put("coefficients.bin", HostileArchives.nd4jVector(250_000_000L, 4));
    Files.write(
        read.resolve("hostile-coefficients-declare-250M-floats"), withNetwork(denseBytes, huge));
    Files.write(
        network.resolve("hostile-coefficients-declare-250M-floats"),
        encodeEntries(0, huge.apply(new LinkedHashMap<>(denseInner))));

    // issue 30: an entry declaring 2.5 GB
    Path declared = tmp.resolve("declared.zip");
    Files.write(declared, denseBytes);
    HostileArchives.patchDeclaredSize(declared, "network.bin", 2_500_000_000L);
    Files.write(read.resolve("hostile-network-bin-declares-2.5GB"), Files.readAllBytes(declared));

    // a deflate bomb: 20 MiB of spaces before the configuration
    Files.write(
        read.resolve("hostile-config-bomb-20MiB"),
        withNetwork(denseBytes, config(j -> " ".repeat(20 << 20) + j)));

    // class names outside DL4J, ND4J and lungnodule
    Files.write(
        read.resolve("hostile-config-class-java-util-date"),
        withNetwork(
            denseBytes,
            config(
                j ->
                    j.replaceFirst(
                        "org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationReLU",
                        "java.util.Date"))));
    UnaryOperator<Map<String, byte[]>> url =
        config(
            j -> j.replaceFirst("\\{", "{ \"x\" : [ \"java.net.URL\", \"http://127.0.0.1/\" ],"));
    Files.write(read.resolve("hostile-config-url-wrapper-array"), withNetwork(denseBytes, url));
    Files.write(
        network.resolve("hostile-config-url-wrapper-array"),
        encodeEntries(0, url.apply(new LinkedHashMap<>(denseInner))));

    // a configuration whose parameter count wraps around (2^61 inputs x 8 outputs = 0 mod 2^64)
    UnaryOperator<Map<String, byte[]>> overflow =
        m -> {
          config(j -> j.replaceFirst("\"nin\" : 4\\b", "\"nin\" : 2305843009213693952")).apply(m);
          try {
            m.put("coefficients.bin", HostileArchives.nd4jVector(26, 26));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return m;
        };
    Files.write(
        network.resolve("hostile-parameter-count-overflow"),
        encodeEntries(0, overflow.apply(new LinkedHashMap<>(denseInner))));

    // a SameDiff network with an operation
    SameDiff sd = SameDiff.create();
    sd.var("w", Nd4j.ones(2, 2)).mul("twice", 2.0);
    ByteArrayOutputStream ops = new ByteArrayOutputStream();
    sd.save(ops, false);
    Files.write(
        network.resolve("hostile-samediff-with-operations"),
        concat(new byte[] {1}, ops.toByteArray()));

    try (var files = Files.list(tmp)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(tmp);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
