package org.lungnodule.models;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.lungnodule.core.AtomicFiles;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Zip reading and writing shared by model archives and checkpoints (atomic writes). Writing uses
 * DL4J's own serializers; reading never does (see {@link NetworkReader}): every entry is read with
 * bounds ({@link BoundedReads}) and only the entries this library writes are accepted.
 */
final class ZipEntries {

  /** The entry holding the network (DL4J's own format). */
  static final String NETWORK = "network.bin";

  /**
   * The time every entry carries: fixed, so that the same contents give the same bytes (a model's
   * date is in its provenance, not in the zip's entry times).
   */
  static final java.time.LocalDateTime ENTRY_TIME = java.time.LocalDateTime.of(2000, 1, 1, 0, 0);

  private ZipEntries() {}

  /** A new entry of {@code name} with the fixed {@link #ENTRY_TIME}. */
  static ZipEntry entry(String name) {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(ENTRY_TIME);
    return e;
  }

  /** Writes one zip entry. */
  @FunctionalInterface
  interface Body {
    void write(ZipOutputStream zip) throws IOException;
  }

  /** Writes a zip to a temp file beside {@code file}, then moves it into place atomically. */
  static void writeAtomically(Path file, Body body) throws IOException {
    AtomicFiles.writeStream(
        file,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          body.write(zip);
          zip.finish();
        });
  }

  static void putProperties(ZipOutputStream zip, String name, Properties p) throws IOException {
    StringWriter w = new StringWriter();
    // sorted, and without the date comment Properties.store adds, so archives are reproducible
    for (var e : new TreeMap<>(p).entrySet()) {
      Properties one = new Properties();
      one.setProperty((String) e.getKey(), (String) e.getValue());
      StringWriter line = new StringWriter();
      one.store(line, null);
      line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> w.write(l + "\n"));
    }
    zip.putNextEntry(entry(name));
    zip.write(w.toString().getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  static void putNetwork(ZipOutputStream zip, Object network, boolean withUpdater)
      throws IOException {
    putNetwork(zip, NETWORK, network, withUpdater);
  }

  static void putNetwork(ZipOutputStream zip, String entry, Object network, boolean withUpdater)
      throws IOException {
    zip.putNextEntry(entry(entry));
    OutputStream shield =
        new FilterOutputStream(zip) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        };
    if (network instanceof ComputationGraph g) {
      ModelSerializer.writeModel(g, shield, withUpdater);
    } else if (network instanceof SameDiff sd) {
      SameDiffCarriers.checkWritable(sd);
      sd.save(shield, withUpdater);
    } else {
      throw new IllegalArgumentException(
          "network must be a ComputationGraph or a SameDiff, got " + network.getClass().getName());
    }
    shield.flush();
    zip.closeEntry();
  }

  /** Opens a zip, turning "not a zip" into a {@link ModelArchiveException}. */
  static ZipFile open(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, what + " not found");
    }
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new ModelArchiveException(
          file, "not a " + what + " (not a zip file, or truncated): " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a zip that holds an entry {@code allowed} rejects, or an entry name twice: a model file
   * holds only the entries this library writes, and nothing else is ever read from it.
   *
   * @param expected what the file may hold, for the message
   */
  static void checkEntryNames(Path file, ZipFile zip, Predicate<String> allowed, String expected)
      throws ModelArchiveException {
    Set<String> seen = new HashSet<>();
    try {
      for (var it = zip.entries(); it.hasMoreElements(); ) {
        String name = it.nextElement().getName();
        if (!seen.add(name)) {
          throw new ModelArchiveException(file, "entry '" + name + "' appears twice", null);
        }
        if (!allowed.test(name)) {
          throw new ModelArchiveException(
              file, "unexpected entry '" + name + "' (a " + expected + ")", null);
        }
      }
    } catch (IllegalArgumentException e) {
      // an entry name that is not valid in the zip's encoding
      throw new ModelArchiveException(file, "corrupt entry name: " + e.getMessage(), e);
    }
  }

  static Properties readProperties(Path file, ZipFile zip, String name, String what)
      throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new ModelArchiveException(file, "not a " + what + ": no '" + name + "' entry", null);
    }
    long limit = BoundedReads.limit(BoundedReads.TEXT_LIMIT);
    BoundedReads.checkDeclared(file, name, e.getSize(), limit);
    try (InputStream in = zip.getInputStream(e)) {
      byte[] bytes = BoundedReads.readAll(in, file, name, limit);
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      Properties p = new Properties();
      p.load(new StringReader(text));
      return p;
    } catch (ModelArchiveException ex) {
      throw ex;
    } catch (IOException | IllegalArgumentException ex) {
      // not utf-8, a broken deflate stream, a malformed unicode escape
      throw new ModelArchiveException(file, "corrupt entry '" + name + "': " + ex, ex);
    }
  }

  static Object readNetwork(Path file, ZipFile zip, String type, boolean withUpdater)
      throws IOException {
    return readNetwork(file, zip, NETWORK, type, withUpdater);
  }

  /**
   * Reads a network entry with {@link NetworkReader}: never with DL4J's {@code ModelSerializer} or
   * {@code SameDiff.load}, which deserialize Java objects and allocate what headers declare.
   */
  static Object readNetwork(Path file, ZipFile zip, String entry, String type, boolean withUpdater)
      throws IOException {
    ZipEntry e = zip.getEntry(entry);
    if (e == null) {
      throw new ModelArchiveException(file, "no '" + entry + "' entry (weights missing)", null);
    }
    return NetworkReader.read(file, zip, e, type, withUpdater);
  }

  static String networkType(Object network) {
    if (network instanceof ComputationGraph) {
      return "ComputationGraph";
    }
    if (network instanceof SameDiff) {
      return "SameDiff";
    }
    throw new IllegalArgumentException(
        "network must be a ComputationGraph or a SameDiff, got " + network.getClass().getName());
  }
}
