package org.lungnodule.models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Builds the hostile model files of issue 30 programmatically: a real archive written by this
 * library, then taken apart and put together again with one thing changed. Used by the tests and by
 * {@code ModelArchiveFuzzInputs}, which writes the fuzz target's regression inputs.
 */
public final class HostileArchives {

  private HostileArchives() {}

  /** Set when a {@link Tripwire} is deserialized: proof that some code ran readObject. */
  public static volatile boolean tripped;

  /** A serializable payload whose readObject trips the wire. */
  public static final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(java.io.ObjectInputStream in)
        throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      tripped = true;
    }
  }

  /** A tiny dense graph (4 inputs, 8 hidden, 2 outputs; Adam), trained one step. */
  public static org.deeplearning4j.nn.graph.ComputationGraph denseGraph(long seed) {
    org.deeplearning4j.nn.graph.ComputationGraph g = TinyNets.dense(seed);
    TinyNets.fitOnce(g);
    return g;
  }

  /** The zip's entries in order, each as bytes. */
  public static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        m.put(e.getName(), z.readAllBytes());
      }
    }
    return m;
  }

  /** A zip of the entries in order (deflated, or stored when {@code stored}). */
  public static byte[] zip(Map<String, byte[]> entries, boolean stored) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bo)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry ze = new ZipEntry(e.getKey());
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          ze.setMethod(ZipEntry.STORED);
          ze.setSize(e.getValue().length);
          ze.setCompressedSize(e.getValue().length);
          ze.setCrc(crc.getValue());
        }
        z.putNextEntry(ze);
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return bo.toByteArray();
  }

  /** Rewrites a model file with its outer entries changed by {@code change}. */
  public static void rewrite(Path file, UnaryOperator<Map<String, byte[]>> change)
      throws IOException {
    Map<String, byte[]> outer = entries(Files.readAllBytes(file));
    Files.write(file, zip(change.apply(new LinkedHashMap<>(outer)), false));
  }

  /**
   * Rewrites the network entry ({@code network.bin}) of a model file with its inner entries
   * changed.
   */
  public static void rewriteNetwork(Path file, UnaryOperator<Map<String, byte[]>> change)
      throws IOException {
    rewrite(
        file,
        outer -> {
          try {
            Map<String, byte[]> inner = entries(outer.get("network.bin"));
            outer.put("network.bin", zip(change.apply(new LinkedHashMap<>(inner)), false));
            return outer;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** Java serialization of an object. */
  public static byte[] serialized(Object o) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(bo)) {
      oos.writeObject(o);
    }
    return bo.toByteArray();
  }

  /**
   * The nested-HashSet payload (about 5.7 KB): deserializing it computes 2^100 hash codes, which
   * never ends.
   */
  public static byte[] nestedHashSet() throws IOException {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("foo");
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return serialized(root);
  }

  /**
   * An ND4J vector header (as {@code Nd4j.write} writes it) that declares {@code length} floats,
   * followed by only {@code present} of them.
   */
  public static byte[] nd4jVector(long length, int present) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(bo);
    d.writeUTF("MIXED_DATA_TYPES");
    d.writeLong(6);
    d.writeUTF("LONG");
    for (long v : new long[] {1, length, 1, 8192, 1, 'c'}) {
      d.writeLong(v);
    }
    d.writeUTF("MIXED_DATA_TYPES");
    d.writeLong(length);
    d.writeUTF("FLOAT");
    for (int i = 0; i < present; i++) {
      d.writeFloat(0.5f);
    }
    d.flush();
    return bo.toByteArray();
  }

  /** A deflated zip entry of {@code bytes} zeros: a few KB per MB (a zip bomb when large). */
  public static byte[] zeros(int bytes) {
    return new byte[bytes];
  }

  /**
   * Sets the uncompressed size that the central directory declares for {@code entry} (the size
   * {@link ZipFile} reports), leaving the data as it is.
   */
  public static void patchDeclaredSize(Path file, String entry, long size) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    byte[] name = entry.getBytes(StandardCharsets.UTF_8);
    boolean done = false;
    for (int i = 0; i + 46 <= all.length; i++) {
      if (b.getInt(i) == 0x02014b50) {
        int n = b.getShort(i + 28) & 0xFFFF;
        if (n == name.length
            && i + 46 + n <= all.length
            && java.util.Arrays.equals(all, i + 46, i + 46 + n, name, 0, n)) {
          b.putInt(i + 24, (int) size);
          done = true;
        }
      }
    }
    if (!done) {
      throw new IllegalArgumentException("no central directory entry " + entry);
    }
    Files.write(file, all);
  }
}
