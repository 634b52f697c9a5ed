package org.lungnodule.spark.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.spark.SparkContext;
import org.lungnodule.core.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model archive shipped to the executors with {@link SparkContext#addFile(String)}: the driver
 * stages a copy named by its content hash, so that two different archives of the same file name
 * never clash in {@code SparkFiles}, and each executor fetches the file once.
 *
 * @param fileName the name under which {@code SparkFiles.get} finds it on an executor
 * @param sha256 the archive's SHA-256 (hex), the key of the executors' model cache
 * @param source the archive as the user named it (absolute), for messages
 */
public record ModelRef(String fileName, String sha256, String source) implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ModelRef.class);

  /** Validates. */
  public ModelRef {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(source, "source");
  }

  /**
   * Hashes a model archive, stages it under a content-named file in the driver's temporary folder
   * and adds that file to the Spark context.
   *
   * @throws NoSuchFileException if the archive does not exist
   * @throws IOException if it cannot be read or staged
   */
  public static ModelRef ship(SparkContext sc, Path model) throws IOException {
    Path abs = model.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      throw new NoSuchFileException(abs.toString(), null, "no model archive at " + abs);
    }
    String sha = sha256(abs);
    String name = sha.substring(0, 16) + "-" + abs.getFileName();
    Path staged = Path.of(System.getProperty("java.io.tmpdir"), "lungnodule-spark-models", name);
    if (!Files.isRegularFile(staged) || Files.size(staged) != Files.size(abs)) {
      AtomicFiles.write(
          staged, tmp -> Files.copy(abs, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
    }
    boolean added =
        scala.jdk.javaapi.CollectionConverters.asJava(sc.listFiles()).stream()
            .anyMatch(f -> f.endsWith("/" + name));
    if (!added) {
      sc.addFile(staged.toString());
    }
    LOG.info("shipping model {} (sha256 {}) to the executors as {}", abs, sha, name);
    return new ModelRef(name, sha, abs.toString());
  }

  /**
   * Returns the SHA-256 of a file, in hex.
   *
   * @throws IOException if it cannot be read
   */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
