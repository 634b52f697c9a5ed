package org.lungnodule.io.dicom;

import java.io.IOException;
import java.util.List;
import org.lungnodule.io.dicom.codec.CodecException;
import org.lungnodule.io.dicom.codec.DecodedFrame;
import org.lungnodule.io.dicom.codec.FrameDecoder;
import org.lungnodule.io.dicom.codec.FrameDecoders;
import org.lungnodule.io.dicom.codec.FrameSpec;
import org.lungnodule.io.internal.Budget;

/**
 * Turns the pixel data of one file into HU: native (uncompressed, either byte order), RLE Lossless,
 * or a JPEG-family frame decoded by a {@link FrameDecoder}; 8, 16 or 32 bits allocated, BitsStored
 * ≤ BitsAllocated (masked and, for signed pixels, sign-extended from HighBit), then {@code stored ×
 * RescaleSlope + RescaleIntercept}.
 */
final class PixelDecoder {

  /** An RLE frame cannot expand by more than 128× (one header byte per 128 output bytes). */
  private static final long RLE_MAX_EXPANSION = 130;

  private PixelDecoder() {}

  /**
   * Checks that a header describes pixel data this decoder handles, and that their size agrees with
   * the file, before anything is allocated.
   *
   * @throws DicomException naming the file and the problem
   */
  static void validate(SliceHeader h) throws DicomException {
    if (!h.hasPixelData()) {
      throw new DicomException(h.file, "no pixel data (7FE0,0010)");
    }
    TransferSyntax syntax =
        TransferSyntax.ofUid(h.transferSyntaxUid)
            .filter(TransferSyntax::readable)
            .orElseThrow(() -> new UnsupportedTransferSyntaxException(h.file, h.transferSyntaxUid));
    if (h.rows < 1 || h.columns < 1) {
      throw new DicomException(
          h.file, "missing or zero Rows/Columns (0028,0010/0011): " + h.rows + "x" + h.columns);
    }
    if (h.bitsAllocated != 8 && h.bitsAllocated != 16 && h.bitsAllocated != 32) {
      throw new DicomException(
          h.file, "BitsAllocated (0028,0100) must be 8, 16 or 32, got " + h.bitsAllocated);
    }
    int stored = h.bitsStored < 0 ? h.bitsAllocated : h.bitsStored;
    int high = h.highBit < 0 ? stored - 1 : h.highBit;
    if (stored < 1 || stored > h.bitsAllocated || high < stored - 1 || high >= h.bitsAllocated) {
      throw new DicomException(
          h.file,
          "inconsistent BitsAllocated/BitsStored/HighBit: "
              + h.bitsAllocated
              + "/"
              + h.bitsStored
              + "/"
              + h.highBit);
    }
    if (h.samplesPerPixel != 1) {
      throw new DicomException(
          h.file,
          "only grayscale images are supported, SamplesPerPixel (0028,0002) is "
              + h.samplesPerPixel);
    }
    if (h.numberOfFrames != 1 && !h.enhancedFrame) {
      throw new DicomException(
          h.file,
          "multi-frame images are read only as Enhanced CT (SOP Class "
              + EnhancedCt.ENHANCED_CT
              + " or "
              + EnhancedCt.LEGACY_CONVERTED_CT
              + " with functional groups); this file has NumberOfFrames (0028,0008) "
              + h.numberOfFrames
              + " and SOP Class '"
              + h.sopClassUid
              + "'");
    }
    if (h.pixelRepresentation != 0 && h.pixelRepresentation != 1) {
      throw new DicomException(
          h.file, "PixelRepresentation (0028,0103) must be 0 or 1, got " + h.pixelRepresentation);
    }
    if (!Double.isFinite(h.rescaleSlope) || h.rescaleSlope == 0) {
      throw new DicomException(h.file, "RescaleSlope (0028,1053) is " + h.rescaleSlope);
    }
    long bytes = (long) h.rows * h.columns * (h.bitsAllocated / 8);
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new DicomException(
          h.file, "a " + h.rows + "x" + h.columns + " image is too large (" + bytes + " bytes)");
    }
    Budget.require(
        h.encapsulated() || h.deflated ? Budget.plus(bytes, h.sourceSize) : bytes,
        "the file declares a "
            + h.rows
            + "x"
            + h.columns
            + " image of "
            + h.bitsAllocated
            + "-bit pixels",
        m -> new DicomException(h.file, m));
    if (h.encapsulated()) {
      if (!syntax.encapsulated()) {
        throw new DicomException(
            h.file,
            "encapsulated pixel data in transfer syntax "
                + h.transferSyntaxUid
                + " are not allowed");
      }
      if (syntax.compressed() && h.bitsAllocated > 16) {
        throw new DicomException(
            h.file,
            syntax.title()
                + " pixel data must have 8 or 16 bits allocated, got "
                + h.bitsAllocated);
      }
      if (syntax == TransferSyntax.RLE_LOSSLESS && bytes > RLE_MAX_EXPANSION * h.sourceSize) {
        throw new DicomException(
            h.file,
            "a "
                + h.rows
                + "x"
                + h.columns
                + " image cannot be held in a file of "
                + h.sourceSize
                + " bytes");
      }
    } else {
      if (syntax.encapsulated()) {
        throw new DicomException(h.file, syntax.title() + " pixel data must be encapsulated");
      }
      if (h.pixelLength < bytes * (h.frameIndex + 1L)) {
        throw new DicomException(
            h.file,
            "pixel data hold "
                + h.pixelLength
                + " bytes, a "
                + h.rows
                + "x"
                + h.columns
                + " image of "
                + h.bitsAllocated
                + "-bit pixels needs "
                + bytes);
      }
    }
  }

  /**
   * Decodes the (validated) pixel data of a file into {@code out[off, off + rows*columns)}.
   *
   * @return whether the pixel data were lossy compressed (a DCT JPEG, near-lossless JPEG-LS or
   *     irreversible JPEG 2000 stream)
   * @throws DicomException if the pixel data are corrupt
   * @throws IOException if the file cannot be read
   */
  static boolean decode(SliceHeader h, float[] out, int off) throws IOException {
    boolean[] lossy = new boolean[1];
    decode(List.of(h), out, new int[] {off}, lossy);
    return lossy[0];
  }

  /**
   * Decodes (validated) frames of one file, opening, inflating and walking its encapsulated items
   * once: frame {@code hs.get(i)} goes to {@code out[offs[i], offs[i] + rows*columns)}, and {@code
   * lossy[i]} says whether its stream was lossy.
   *
   * @throws DicomException if the pixel data are corrupt, or hold another number of frames than
   *     NumberOfFrames
   * @throws IOException if the file cannot be read
   */
  static void decode(List<SliceHeader> hs, float[] out, int[] offs, boolean[] lossy)
      throws IOException {
    SliceHeader first = hs.get(0);
    try (ByteSource file = ByteSource.open(first.file)) {
      ByteSource src = file;
      if (first.deflated) {
        DicomParser.Inflated inf = DicomParser.inflate(first.file, file, first.deflateStart);
        src = ByteSource.of(inf.data(), inf.length());
      }
      if (src.size() != first.sourceSize) {
        throw new DicomException(first.file, "file changed while it was read");
      }
      EncapsulatedFrames items = null;
      int[] starts = null;
      if (first.encapsulated()) {
        items = EncapsulatedFrames.read(first, src);
        starts = items.frameStarts(first.numberOfFrames);
      }
      for (int i = 0; i < hs.size(); i++) {
        lossy[i] = decodeFrame(hs.get(i), src, items, starts, out, offs[i]);
      }
    }
  }

  private static boolean decodeFrame(
      SliceHeader h, ByteSource src, EncapsulatedFrames items, int[] starts, float[] out, int off)
      throws IOException {
    int pixels = h.rows * h.columns;
    int bytesPerSample = h.bitsAllocated / 8;
    Sample fmt = new Sample(h);
    if (items != null) {
      byte[] frame = items.frame(h.frameIndex, starts);
      if (!h.transferSyntaxUid.equals(TransferSyntax.RLE_LOSSLESS.uid())) {
        return decodeCompressed(h, frame, fmt, out, off);
      }
      byte[][] planes;
      try {
        planes = Rle.decode(frame, frame.length, pixels, bytesPerSample);
      } catch (IllegalArgumentException e) {
        throw new DicomException(h.file, "corrupt RLE pixel data: " + e.getMessage());
      }
      fmt.fromPlanes(planes, pixels, out, off);
    } else {
      byte[] raw = new byte[pixels * bytesPerSample];
      src.read(h.pixelOffset + (long) h.frameIndex * raw.length, raw, 0, raw.length);
      fmt.fromNative(raw, pixels, h.bigEndian, out, off);
    }
    return false;
  }

  /** Decodes a JPEG-family frame with the decoder registered for the file's transfer syntax. */
  private static boolean decodeCompressed(
      SliceHeader h, byte[] frame, Sample fmt, float[] out, int off) throws IOException {
    FrameDecoder decoder =
        FrameDecoders.forTransferSyntax(h.transferSyntaxUid)
            .orElseThrow(() -> new UnsupportedTransferSyntaxException(h.file, h.transferSyntaxUid));
    int stored = h.bitsStored < 0 ? h.bitsAllocated : h.bitsStored;
    FrameSpec spec = new FrameSpec(h.rows, h.columns, 1, h.bitsAllocated, stored);
    DecodedFrame decoded;
    try {
      decoded = decoder.decode(frame, 0, frame.length, spec);
    } catch (CodecException e) {
      throw new DicomException(
          h.file,
          "corrupt "
              + TransferSyntax.describe(h.transferSyntaxUid)
              + " pixel data: "
              + e.getMessage(),
          e);
    }
    fmt.fromDecoded(decoded, h.rows * h.columns, out, off);
    return decoded.lossy();
  }

  /** How stored values become HU. */
  private static final class Sample {
    final int shift;
    final int mask;
    final int stored;
    final boolean signed;
    final boolean plain16;
    final double slope;
    final double intercept;

    Sample(SliceHeader h) {
      int bs = h.bitsStored < 0 ? h.bitsAllocated : h.bitsStored;
      int hb = h.highBit < 0 ? bs - 1 : h.highBit;
      this.stored = bs;
      this.shift = hb + 1 - bs;
      this.mask = bs >= 32 ? -1 : (1 << bs) - 1;
      this.signed = h.pixelRepresentation == 1;
      this.plain16 = h.bitsAllocated == 16 && bs == 16;
      this.slope = h.rescaleSlope;
      this.intercept = h.rescaleIntercept;
    }

    /** Masks and sign-extends a raw sample to the stored value. */
    long value(int raw) {
      int v = (raw >>> shift) & mask;
      if (signed) {
        if (stored < 32 && (v & (1 << (stored - 1))) != 0) {
          return v - (1L << stored);
        }
        return v;
      }
      return stored >= 32 ? (v & 0xFFFFFFFFL) : v;
    }

    float hu(long v) {
      return (float) (v * slope + intercept);
    }

    void fromNative(byte[] raw, int pixels, boolean big, float[] out, int off) {
      if (plain16) {
        int hiOff = big ? 0 : 1;
        int loOff = big ? 1 : 0;
        if (signed) {
          for (int p = 0, b = 0; p < pixels; p++, b += 2) {
            int v = (short) ((raw[b + hiOff] << 8) | (raw[b + loOff] & 0xFF));
            out[off + p] = (float) (v * slope + intercept);
          }
        } else {
          for (int p = 0, b = 0; p < pixels; p++, b += 2) {
            int v = ((raw[b + hiOff] & 0xFF) << 8) | (raw[b + loOff] & 0xFF);
            out[off + p] = (float) (v * slope + intercept);
          }
        }
        return;
      }
      int bps = raw.length / pixels;
      for (int p = 0; p < pixels; p++) {
        int b = p * bps;
        int r;
        if (bps == 1) {
          r = raw[b] & 0xFF;
        } else if (bps == 2) {
          r =
              big
                  ? ((raw[b] & 0xFF) << 8) | (raw[b + 1] & 0xFF)
                  : (raw[b] & 0xFF) | ((raw[b + 1] & 0xFF) << 8);
        } else {
          r =
              big
                  ? ((raw[b] & 0xFF) << 24)
                      | ((raw[b + 1] & 0xFF) << 16)
                      | ((raw[b + 2] & 0xFF) << 8)
                      | (raw[b + 3] & 0xFF)
                  : (raw[b] & 0xFF)
                      | ((raw[b + 1] & 0xFF) << 8)
                      | ((raw[b + 2] & 0xFF) << 16)
                      | ((raw[b + 3] & 0xFF) << 24);
        }
        out[off + p] = hu(value(r));
      }
    }

    /** Decoded JPEG-family samples are stored values: masked to BitsStored, no HighBit shift. */
    void fromDecoded(DecodedFrame frame, int pixels, float[] out, int off) {
      int m = mask;
      int signBit = stored < 32 ? 1 << (stored - 1) : 0;
      for (int p = 0; p < pixels; p++) {
        int v = frame.get(p) & m;
        if (signed && (v & signBit) != 0) {
          v -= signBit << 1;
        }
        out[off + p] = (float) (v * slope + intercept);
      }
    }

    void fromPlanes(byte[][] planes, int pixels, float[] out, int off) {
      int n = planes.length;
      if (plain16 && n == 2) {
        byte[] hi = planes[0];
        byte[] lo = planes[1];
        for (int p = 0; p < pixels; p++) {
          int v = ((hi[p] & 0xFF) << 8) | (lo[p] & 0xFF);
          if (signed) {
            v = (short) v;
          }
          out[off + p] = (float) (v * slope + intercept);
        }
        return;
      }
      for (int p = 0; p < pixels; p++) {
        int r = 0;
        for (int s = 0; s < n; s++) {
          r = (r << 8) | (planes[s][p] & 0xFF);
        }
        out[off + p] = hu(value(r));
      }
    }
  }
}
