package org.lungnodule.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.example.tripwire.StaticInitTripwire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.models.classifier.ResNet3d;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Issue 30, item 1 and the zip part of item 3: a model file is data, not code. */
class ModelFilesAreDataTest {

  @TempDir Path dir;

  @BeforeEach
  void reset() {
    HostileArchives.tripped = false;
  }

  @AfterEach
  void clearBudget() {
    MemoryBudget.clearLimit();
  }

  private static Provenance prov(String kind) {
    return Provenance.now(kind, "feed", 7, Map.of("epochs", "3"));
  }

  private Path archive(String name) throws IOException {
    Path f = dir.resolve(name);
    ComputationGraph g = TinyNets.dense(1);
    ModelArchive.of(g, Map.of("k", "v"), prov("tiny")).write(f);
    return f;
  }

  private static ModelArchiveException refused(Path f) {
    ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> ModelArchive.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  private static UnaryOperator<Map<String, byte[]>> put(String entry, byte[] bytes) {
    return m -> {
      m.put(entry, bytes);
      return m;
    };
  }

  // ------------------------------------------------------------ no Java deserialization, anywhere

  @ParameterizedTest
  @ValueSource(
      strings = {"preprocessor.bin", "normalizer.bin", "coefficients.bin", "configuration.json"})
  void serializedObjectInsideTheNetwork_refusedBeforeDeserialization(String entry)
      throws IOException {
    Path f = archive("m.zip");
    HostileArchives.rewriteNetwork(
        f, put(entry, HostileArchives.serialized(new HostileArchives.Tripwire())));
    ModelArchiveException e = refused(f);
    assertTrue(e.getMessage().contains(entry), e.getMessage());
    assertFalse(HostileArchives.tripped, "a java object was deserialized from " + entry);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "network.bin",
        "provenance.properties",
        "lungnodule-model.properties",
        "preprocessing.properties"
      })
  void serializedObjectAsAnArchiveEntry_refusedBeforeDeserialization(String entry)
      throws IOException {
    Path f = archive("m.zip");
    HostileArchives.rewrite(
        f, put(entry, HostileArchives.serialized(new HostileArchives.Tripwire())));
    ModelArchiveException e = refused(f);
    assertTrue(e.getMessage().contains(entry), e.getMessage());
    assertFalse(HostileArchives.tripped);
  }

  @Test
  void serializedObjectAsSameDiffNetwork_refusedBeforeDeserialization() throws IOException {
    SameDiff sd = SameDiff.create();
    sd.var("w", Nd4j.ones(2, 2));
    Path f = dir.resolve("sd.zip");
    ModelArchive.of(sd, Map.of(), prov("sd")).write(f);
    HostileArchives.rewrite(
        f, put("network.bin", HostileArchives.serialized(new HostileArchives.Tripwire())));
    ModelArchiveException e = refused(f);
    assertTrue(e.getMessage().contains("network.bin"), e.getMessage());
    assertFalse(HostileArchives.tripped);
  }

  @Test
  void serializedDateInPreprocessorBin_refusedNamingTheEntry() throws IOException {
    Path f = archive("date.zip");
    HostileArchives.rewriteNetwork(
        f, put("preprocessor.bin", HostileArchives.serialized(new Date(0))));
    ModelArchiveException e = refused(f);
    assertTrue(e.getMessage().contains("network.bin/preprocessor.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("never deserializes"), e.getMessage());
  }

  @Test
  void nestedHashSetPayload_refusedQuickly() throws IOException {
    Path f = archive("hashset.zip");
    byte[] payload = HostileArchives.nestedHashSet();
    assertTrue(payload.length < 8000, "payload is small: " + payload.length);
    HostileArchives.rewriteNetwork(f, put("preprocessor.bin", payload));
    ModelArchiveException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused(f));
    assertTrue(e.getMessage().contains("preprocessor.bin"), e.getMessage());
  }

  @Test
  void readPath_createsNoObjectInputStream() throws IOException {
    // the classes that read model files reference neither ObjectInputStream nor the DL4J and ND4J
    // readers that create one (ModelSerializer.restore*, SameDiff.load / fromFlatBuffers)
    for (String c :
        List.of(
            "ModelArchive",
            "Checkpoints",
            "ZipEntries",
            "NetworkReader",
            "Nd4jArrays",
            "SameDiffCarriers",
            "BoundedReads",
            "ConfigJsonCheck")) {
      String bytes;
      try (InputStream in = ModelArchive.class.getResourceAsStream(c + ".class")) {
        bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
      for (String banned :
          List.of(
              "java/io/ObjectInputStream",
              "restoreComputationGraph",
              "restoreMultiLayerNetwork",
              "fromFlatFile",
              "fromFlatBuffers",
              "(Ljava/io/InputStream;Z)Lorg/nd4j/autodiff/samediff/SameDiff;",
              "(Ljava/io/File;Z)Lorg/nd4j/autodiff/samediff/SameDiff;")) {
        assertFalse(bytes.contains(banned), c + " references " + banned);
      }
    }
  }

  // ------------------------------------------------------------------------ only what we write

  @Test
  void unknownEntryInTheNetwork_refused() throws IOException {
    Path f = archive("m.zip");
    HostileArchives.rewriteNetwork(f, put("objects/x", new byte[] {1, 2, 3}));
    assertTrue(refused(f).getMessage().contains("objects/x"));
  }

  @Test
  void unknownArchiveEntry_refused() throws IOException {
    Path f = archive("m.zip");
    HostileArchives.rewrite(f, put("extra.txt", "hello".getBytes(StandardCharsets.UTF_8)));
    assertTrue(refused(f).getMessage().contains("'extra.txt'"));
  }

  @Test
  void sameDiffWithOperations_refusedOnWriteAndOnRead() throws IOException {
    SameDiff sd = SameDiff.create();
    SDVariable w = sd.var("w", Nd4j.ones(2, 2));
    w.mul("twice", 2.0);
    assertThrows(IllegalArgumentException.class, () -> ModelArchive.of(sd, Map.of(), prov("sd")));
    SameDiff plain = SameDiff.create();
    plain.var("w", Nd4j.ones(2, 2));
    Path f = dir.resolve("sd.zip");
    ModelArchive.of(plain, Map.of(), prov("sd")).write(f);
    ByteArrayOutputStream withOps = new ByteArrayOutputStream();
    sd.save(withOps, false);
    HostileArchives.rewrite(f, put("network.bin", withOps.toByteArray()));
    assertTrue(refused(f).getMessage().contains("operations"));
  }

  // ------------------------------------------------------------- class names in the JSON

  private Path withConfig(UnaryOperator<String> change) throws IOException {
    Path f = archive("json.zip");
    HostileArchives.rewriteNetwork(
        f,
        m -> {
          String json = new String(m.get("configuration.json"), StandardCharsets.UTF_8);
          m.put("configuration.json", change.apply(json).getBytes(StandardCharsets.UTF_8));
          return m;
        });
    return f;
  }

  @Test
  void configNamesForeignClass_refusedBeforeTheClassLoads() throws IOException {
    Path f =
        withConfig(
            j ->
                j.replaceFirst(
                    "org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationReLU",
                    StaticInitTripwire.class.getName()));
    ModelArchiveException e = refused(f);
    assertTrue(e.getMessage().contains("org.example.tripwire.StaticInitTripwire"), e.getMessage());
    assertTrue(e.getMessage().contains("configuration.json"), e.getMessage());
    assertFalse(StaticInitTripwire.Flag.LOADED.get(), "the named class was loaded");
  }

  @Test
  void configNamesClassInWrapperArray_refused() throws IOException {
    Path f =
        withConfig(
            j -> j.replaceFirst("\\{", "{ \"x\" : [ \"java.net.URL\", \"http://127.0.0.1/\" ],"));
    assertTrue(refused(f).getMessage().contains("java.net.URL"));
  }

  @Test
  void configNamesShadedLibraryClass_refused() throws IOException {
    Path f =
        withConfig(
            j ->
                j.replaceFirst(
                    "org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationReLU",
                    "org.nd4j.shade.jackson.databind.node.POJONode"));
    assertTrue(refused(f).getMessage().contains("org.nd4j.shade"));
  }

  @Test
  void configNestedTooDeep_refused() throws IOException {
    Path f =
        withConfig(
            j -> j.replaceFirst("\\{", "{ \"x\" : " + "[".repeat(5000) + "]".repeat(5000) + ","));
    assertTrue(refused(f).getMessage().contains("nests deeper"));
  }

  @Test
  void configWhoseParameterCountOverflows_refused() throws IOException {
    // layer d: 4 inputs -> 2^61 inputs, so its weights count 2^61 * 8 = 2^64 = 0 (mod 2^64) and the
    // whole network "needs" 8 + 18 = 26 parameters, which the file then provides
    Path f = withConfig(j -> j.replaceFirst("\"nin\" : 4\\b", "\"nin\" : 2305843009213693952"));
    HostileArchives.rewriteNetwork(f, put("coefficients.bin", HostileArchives.nd4jVector(26, 26)));
    ModelArchiveException e = refused(f);
    assertTrue(
        e.getMessage().contains("configuration.json") || e.getMessage().contains("shape"),
        e.getMessage());
  }

  // ------------------------------------------------------------------------------- sizes

  @Test
  void declaredSizeOverBudget_refusedBeforeReading() throws IOException {
    Path f = archive("declared.zip");
    HostileArchives.patchDeclaredSize(f, "provenance.properties", 2_500_000_000L);
    MemoryBudget.setLimit(64L << 20);
    ModelArchiveException e = refused(f);
    assertTrue(
        e.getMessage().contains("provenance.properties") && e.getMessage().contains("2500000000"),
        e.getMessage());
  }

  @Test
  void declaredSizeImplausibleForTheFile_refusedBeforeReading() throws IOException {
    // issue 30: an entry declaring 2.5 GB; the budget (half the heap) may allow that much, but not
    // from an entry of a few KB
    Path f = archive("declared.zip");
    HostileArchives.patchDeclaredSize(f, "network.bin", 2_500_000_000L);
    ModelArchiveException e = refused(f);
    assertTrue(e.getMessage().contains("'network.bin' declares 2500000000 bytes"), e.getMessage());
  }

  @Test
  void sameDiffBombUnderTheBudget_refusedByItsCompressionRatio() throws IOException {
    SameDiff sd = SameDiff.create();
    sd.var("w", Nd4j.ones(2, 2));
    Path f = dir.resolve("sdbomb.zip");
    ModelArchive.of(sd, Map.of(), prov("sd")).write(f);
    HostileArchives.rewrite(f, put("network.bin", HostileArchives.zeros(64 << 20)));
    ModelArchiveException e = refused(f);
    assertTrue(
        e.getMessage().contains("network.bin") && e.getMessage().contains("compressed size"),
        e.getMessage());
  }

  @Test
  void configurationDeclaringMoreThanTheFileHolds_refusedBeforeAllocating() throws IOException {
    // 8 M parameters, all zero: 32 MB of coefficients that deflate to a few dozen KB
    ComputationGraph big =
        new ComputationGraph(
            new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("in")
                .addLayer(
                    "d",
                    new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder()
                        .nIn(2000)
                        .nOut(4000)
                        .build(),
                    "in")
                .addLayer(
                    "out",
                    new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder()
                        .nIn(4000)
                        .nOut(2)
                        .build(),
                    "d")
                .setOutputs("out")
                .build());
    big.init();
    big.params().assign(0);
    Path f = dir.resolve("zeros.zip");
    ModelArchive.of(big, Map.of(), prov("tiny")).write(f);
    assertTrue(Files.size(f) < 1_000_000, "small file: " + Files.size(f));
    ModelArchiveException e = refused(f);
    assertTrue(
        e.getMessage().contains("parameters") && e.getMessage().contains("compressed size"),
        e.getMessage());
  }

  @Test
  void textEntryInflatingPastItsLimit_refused() throws IOException {
    // a deflate bomb: 20 MiB of spaces in front of a valid configuration, a few KB compressed
    Path f = withConfig(j -> " ".repeat(20 << 20) + j);
    assertTrue(Files.size(f) < 200_000, "small file: " + Files.size(f));
    ModelArchiveException e = refused(f);
    assertTrue(
        e.getMessage().contains("configuration.json") && e.getMessage().contains("16.0 MiB"),
        e.getMessage());
  }

  @Test
  void propertiesInflatingPastItsLimit_refused() throws IOException {
    Path f = archive("props.zip");
    byte[] comments =
        ("#" + "x".repeat(1023) + "\n").repeat(20 << 10).getBytes(StandardCharsets.US_ASCII);
    HostileArchives.rewrite(f, put("provenance.properties", comments));
    assertTrue(refused(f).getMessage().contains("provenance.properties"));
  }

  @Test
  void networkInflatingPastTheBudget_refused() throws IOException {
    Path f = archive("bomb.zip");
    HostileArchives.rewrite(f, put("network.bin", HostileArchives.zeros(64 << 20)));
    MemoryBudget.setLimit(8L << 20);
    ModelArchiveException e = refused(f);
    assertTrue(
        e.getMessage().contains("network.bin") && e.getMessage().contains("memory budget"),
        e.getMessage());
  }

  @Test
  void coefficientsDeclaringHugeArray_refusedBeforeAllocating() throws IOException {
    Path f = archive("huge.zip");
    HostileArchives.rewriteNetwork(
        f, put("coefficients.bin", HostileArchives.nd4jVector(250_000_000L, 4)));
    assertTrue(Files.size(f) < 4096, "a small file: " + Files.size(f));
    long before = org.bytedeco.javacpp.Pointer.totalBytes();
    ModelArchiveException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> refused(f));
    long grew = org.bytedeco.javacpp.Pointer.totalBytes() - before;
    assertTrue(
        e.getMessage().contains("coefficients.bin") && e.getMessage().contains("250000000"),
        e.getMessage());
    assertTrue(grew < 64L << 20, "allocated " + grew + " bytes off the heap");
  }

  @Test
  void coefficientsWithTrailingBytes_refused() throws IOException {
    Path f = archive("trailing.zip");
    HostileArchives.rewriteNetwork(
        f,
        m -> {
          byte[] c = m.get("coefficients.bin");
          m.put("coefficients.bin", java.util.Arrays.copyOf(c, c.length + 8));
          return m;
        });
    assertTrue(refused(f).getMessage().contains("trailing"));
  }

  @Test
  void coefficientsTruncated_refused() throws IOException {
    Path f = archive("short.zip");
    HostileArchives.rewriteNetwork(
        f,
        m -> {
          byte[] c = m.get("coefficients.bin");
          m.put("coefficients.bin", java.util.Arrays.copyOf(c, c.length - 3));
          return m;
        });
    assertTrue(refused(f).getMessage().contains("truncated"));
  }

  // --------------------------------------------------------- same network as DL4J's own reader

  private static byte[] networkBytes(Path f) throws IOException {
    try (ZipFile z = new ZipFile(f.toFile())) {
      return z.getInputStream(z.getEntry("network.bin")).readAllBytes();
    }
  }

  private static void assertSameGraph(
      ComputationGraph expected, ComputationGraph actual, INDArray input) {
    assertEquals(expected.getConfiguration().toJson(), actual.getConfiguration().toJson());
    assertEquals(expected.params().dataType(), actual.params().dataType());
    assertArrayEquals(expected.params().toFloatVector(), actual.params().toFloatVector(), 0f);
    assertArrayEquals(
        expected.outputSingle(input).data().asFloat(),
        actual.outputSingle(input).data().asFloat(),
        0f);
  }

  @Test
  void denseGraph_readsAsModelSerializerWould() throws IOException {
    ComputationGraph g = TinyNets.dense(4);
    TinyNets.fitOnce(g);
    Path f = dir.resolve("dense.zip");
    ModelArchive.of(g, Map.of(), prov("tiny")).write(f);
    ComputationGraph old =
        ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(networkBytes(f)), false);
    assertSameGraph(old, ModelArchive.read(f).graph(), Nd4j.linspace(-1, 1, 8).reshape(2, 4));
  }

  @Test
  void resNetGraph_readsAsModelSerializerWould() throws IOException {
    ResNet3d arch =
        ResNet3d.builder().depth(10).widthMultiplier(0.125).inputShape(3, 8, 16, 16).build();
    ComputationGraph g = arch.newGraph(3, new Adam(1e-3), 1e-4, new double[] {1, 2});
    Path f = dir.resolve("resnet.zip");
    ModelArchive.of(g, Map.of(), prov("resnet")).write(f);
    ComputationGraph old =
        ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(networkBytes(f)), false);
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 8, 16, 16);
    assertSameGraph(old, ModelArchive.read(f).graph(), x);
  }

  @Test
  void sameDiffCarrier_readsAsSameDiffLoadWould() throws IOException {
    SameDiff sd = SameDiff.create();
    sd.var("a__w", Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 4, 5));
    sd.var("b", Nd4j.linspace(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, 6, 6).reshape(2, 3));
    sd.var("s", Nd4j.scalar(2.5f));
    sd.var("row", Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 32));
    sd.var("ones", Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 1, 3, 1));
    Path f = dir.resolve("sd.zip");
    ModelArchive.of(sd, Map.of(), prov("sd")).write(f);
    SameDiff old = SameDiff.load(new ByteArrayInputStream(networkBytes(f)), false);
    SameDiff now = ModelArchive.read(f).sameDiff();
    List<String> names = old.variables().stream().map(SDVariable::name).toList();
    assertEquals(names, now.variables().stream().map(SDVariable::name).toList());
    for (String n : names) {
      INDArray a = old.getVariable(n).getArr();
      INDArray b = now.getVariable(n).getArr();
      assertEquals(a.dataType(), b.dataType(), n);
      assertArrayEquals(a.shape(), b.shape(), n);
      assertEquals(a.ordering(), b.ordering(), n);
      assertArrayEquals(a.data().asBytes(), b.data().asBytes(), n);
    }
  }
}
