package org.lungnodule.io.dicom.codec;

/**
 * The frame the DICOM header declares: what a decoder must produce, and the only size it may
 * allocate for. A stream whose own header disagrees is refused.
 *
 * @param rows Rows (0028,0010), at least 1
 * @param columns Columns (0028,0011), at least 1
 * @param samplesPerPixel SamplesPerPixel (0028,0002), at least 1
 * @param bitsAllocated BitsAllocated (0028,0100): 8 or 16 for the compressed syntaxes
 * @param bitsStored BitsStored (0028,0101), from 1 to {@code bitsAllocated}
 */
public record FrameSpec(
    int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a size is not positive or the bit depths disagree
   */
  public FrameSpec {
    if (rows < 1 || columns < 1 || samplesPerPixel < 1) {
      throw new IllegalArgumentException(
          "rows, columns and samples per pixel must be positive, got "
              + rows
              + "x"
              + columns
              + "x"
              + samplesPerPixel);
    }
    if (bitsAllocated < 1 || bitsAllocated > 32 || bitsStored < 1 || bitsStored > bitsAllocated) {
      throw new IllegalArgumentException(
          "bits stored must be from 1 to bits allocated (at most 32), got "
              + bitsStored
              + " of "
              + bitsAllocated);
    }
  }

  /** Returns rows × columns × samples per pixel. */
  public long samples() {
    return (long) rows * columns * samplesPerPixel;
  }

  /** Returns the declared size of the decoded frame in bytes: samples × bytes per sample. */
  public long decodedBytes() {
    return samples() * ((bitsAllocated + 7) / 8);
  }

  @Override
  public String toString() {
    return columns
        + "x"
        + rows
        + "x"
        + samplesPerPixel
        + ", "
        + bitsStored
        + " of "
        + bitsAllocated
        + " bits";
  }
}
