package org.lungnodule.phantom.segmenter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The pretrained segmenter of the synthetic {@code PUBLIC} phantom site: a {@code SMALL} Mask R-CNN
 * model archive ({@value #FILE_NAME}) trained on 12 {@code PUBLIC} phantom scans of seed 2023,
 * without a false-positive reducer. The {@code demo} command starts its quick-scale segmenter from
 * it; docs/finetune.md says how it was trained and how to train it again.
 *
 * <p>This class serves the archive's bytes only; {@code NoduleSegmenter.load} of {@code
 * lungnodule-models} reads them once written to a file:
 *
 * <pre>{@code
 * try (InputStream in = PhantomSegmenter.openArchive()) {
 *   AtomicFiles.writeStream(file, in::transferTo);
 * }
 * NoduleSegmenter seg = NoduleSegmenter.load(file);
 * }</pre>
 */
public final class PhantomSegmenter {

  /** The archive's file name, also its resource name beside this class. */
  public static final String FILE_NAME = "public-segmenter-small.zip";

  private PhantomSegmenter() {}

  /**
   * Opens the archive. The caller closes the stream.
   *
   * @return a new stream of the archive's bytes
   * @throws UncheckedIOException if the resource is missing from the class path (a repackaged jar
   *     that dropped it)
   */
  public static InputStream openArchive() {
    InputStream in = PhantomSegmenter.class.getResourceAsStream(FILE_NAME);
    if (in == null) {
      throw new UncheckedIOException(
          new IOException(
              "the phantom segmenter "
                  + FILE_NAME
                  + " is missing from the class path (lungnodule-phantom-segmenter jar)"));
    }
    return in;
  }

  /**
   * Returns the archive's bytes (about 6 MB).
   *
   * @return a new array holding the whole archive
   * @throws IOException if reading the resource fails
   * @throws UncheckedIOException if the resource is missing from the class path
   */
  public static byte[] archiveBytes() throws IOException {
    try (InputStream in = openArchive()) {
      return in.readAllBytes();
    }
  }
}
