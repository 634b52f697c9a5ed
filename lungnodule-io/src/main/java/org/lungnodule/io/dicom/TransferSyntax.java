package org.lungnodule.io.dicom;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lungnodule.io.dicom.codec.FrameDecoder;
import org.lungnodule.io.dicom.codec.FrameDecoders;

/**
 * The transfer syntaxes this package knows: the native ones, RLE and the JPEG family it reads, and
 * JPEG 2000, read when {@code lungnodule-io-jpeg2000} is on the class path; other UIDs are refused
 * with a message naming them.
 */
public enum TransferSyntax {
  /** Implicit VR Little Endian, the DICOM default. */
  IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", true),
  /** Explicit VR Little Endian. */
  EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true),
  /** Deflated Explicit VR Little Endian (the data set after the meta group is raw deflate). */
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN(
      "1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true),
  /** Explicit VR Big Endian (retired, still found in old archives). */
  EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true),
  /** RLE Lossless (PS3.5 Annex G). */
  RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE Lossless", true),
  /** JPEG Baseline (Process 1): 8-bit lossy DCT. */
  JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline", false),
  /** JPEG Extended (Process 2 and 4): 8- or 12-bit lossy DCT. */
  JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended", false),
  /** JPEG Lossless, Non-Hierarchical (Process 14), any predictor. */
  JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless", false),
  /** JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, predictor 1). */
  JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless SV1", false),
  /** JPEG-LS Lossless. */
  JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", false),
  /** JPEG-LS Lossy (Near-Lossless). */
  JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless", false),
  /** JPEG 2000 Image Compression (Lossless Only); read when lungnodule-io-jpeg2000 is present. */
  JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless", false),
  /**
   * JPEG 2000 Image Compression (lossy or lossless); read when lungnodule-io-jpeg2000 is present.
   */
  JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000", false);

  private final String uid;
  private final String title;
  private final boolean nativeOrRle;

  TransferSyntax(String uid, String title, boolean nativeOrRle) {
    this.uid = uid;
    this.title = title;
    this.nativeOrRle = nativeOrRle;
  }

  /** Returns the UID. */
  public String uid() {
    return uid;
  }

  /** Returns the name the standard gives it. */
  public String title() {
    return title;
  }

  /**
   * Returns whether the built-in reader decodes it: always for the native syntaxes, RLE, JPEG and
   * JPEG-LS; for JPEG 2000 when a decoder for it is on the class path ({@code
   * lungnodule-io-jpeg2000}, see {@link FrameDecoders}).
   */
  public boolean readable() {
    return nativeOrRle || FrameDecoders.forTransferSyntax(uid).isPresent();
  }

  /** Returns whether its pixel data are encapsulated (RLE and the JPEG family). */
  public boolean encapsulated() {
    return this == RLE_LOSSLESS || compressed();
  }

  /** Returns whether it is one of the JPEG family, decoded by a {@link FrameDecoder}. */
  public boolean compressed() {
    return !nativeOrRle;
  }

  /** Returns whether the built-in writer can write it (Explicit VR LE and RLE Lossless). */
  public boolean writable() {
    return this == EXPLICIT_VR_LITTLE_ENDIAN || this == RLE_LOSSLESS;
  }

  /** Returns the syntax with this UID, if it is one of the supported ones. */
  public static Optional<TransferSyntax> ofUid(String uid) {
    for (TransferSyntax t : values()) {
      if (t.uid.equals(uid)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Returns a human name for any transfer syntax UID (e.g. "JPEG Lossless" for ...4.70). */
  static String describe(String uid) {
    Optional<TransferSyntax> t = ofUid(uid);
    if (t.isPresent()) {
      return t.get().title;
    }
    return switch (uid) {
      case "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93" -> "JPEG 2000 Part 2";
      case "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203" ->
          "High-Throughput JPEG 2000";
      default ->
          uid.startsWith("1.2.840.10008.1.2.4.")
              ? "JPEG family or video"
              : "unknown transfer syntax";
    };
  }

  /**
   * Returns whether the data set of a file in this (possibly unsupported) syntax is encoded as
   * Explicit VR Little Endian with encapsulated pixel data, so that its header can still be read.
   */
  static boolean isEncapsulatedExplicitLittle(String uid) {
    return uid.startsWith("1.2.840.10008.1.2.4.") || uid.equals(RLE_LOSSLESS.uid);
  }

  static String supportedList() {
    return Arrays.stream(values())
        .filter(TransferSyntax::readable)
        .map(t -> t.uid)
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return title + " (" + uid + ")";
  }
}
