package org.lungnodule.io.dicom;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an Enhanced CT Image Storage file (SOP Class 1.2.840.10008.5.1.4.1.1.2.1) or a Legacy
 * Converted Enhanced CT file (1.2.840.10008.5.1.4.1.1.2.2) into one {@link SliceHeader} per frame,
 * so that the frames are checked, sorted and decoded exactly as the slices of a single-frame
 * series. Each frame takes ImagePositionPatient, ImageOrientationPatient, PixelSpacing,
 * SliceThickness, RescaleIntercept and RescaleSlope from its Per-frame Functional Groups item, else
 * from the Shared Functional Groups item, else from the top-level data set.
 */
final class EnhancedCt {

  /** Enhanced CT Image Storage. */
  static final String ENHANCED_CT = "1.2.840.10008.5.1.4.1.1.2.1";

  /** Legacy Converted Enhanced CT Image Storage. */
  static final String LEGACY_CONVERTED_CT = "1.2.840.10008.5.1.4.1.1.2.2";

  private EnhancedCt() {}

  /** Returns whether a header is an enhanced CT file whose frames this class splits. */
  static boolean isEnhanced(SliceHeader h) {
    return h.sopClassUid.equals(ENHANCED_CT)
        || h.sopClassUid.equals(LEGACY_CONVERTED_CT)
        || (h.functionalGroups != null && h.functionalGroups.perFrame != null);
  }

  /**
   * Returns the headers of the image: one per frame for an enhanced file, else the header itself.
   *
   * @throws DicomException naming the file when NumberOfFrames disagrees with the per-frame items
   *     or with the length of uncompressed pixel data, or a frame's value is not numeric
   */
  static List<SliceHeader> frames(SliceHeader h) throws DicomException {
    if (!isEnhanced(h)) {
      return List.of(h);
    }
    int n = h.numberOfFrames;
    if (n < 1) {
      throw new DicomException(h.file, "NumberOfFrames (0028,0008) must be at least 1, got " + n);
    }
    FunctionalGroups fg = h.functionalGroups == null ? new FunctionalGroups() : h.functionalGroups;
    if (fg.perFrame == null && n > 1) {
      throw new DicomException(
          h.file,
          "an enhanced CT file of "
              + n
              + " frames without a Per-frame Functional Groups Sequence (5200,9230): the frames"
              + " have no positions");
    }
    if (fg.perFrame != null && fg.perFrame.size() != n) {
      throw new DicomException(
          h.file,
          "frame count mismatch: NumberOfFrames (0028,0008) is "
              + n
              + " but the Per-frame Functional Groups Sequence (5200,9230) has "
              + fg.perFrame.size()
              + " items");
    }
    checkNativeLength(h, n);
    List<SliceHeader> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      SliceHeader f = h.frame(k);
      Map<Long, String> own = fg.perFrame == null ? Map.of() : fg.perFrame.get(k);
      f.imagePosition =
          numbers(
              f,
              own,
              fg.shared,
              FunctionalGroups.PLANE_POSITION,
              DicomParser.IMAGE_POSITION,
              3,
              h.imagePosition);
      f.imageOrientation =
          numbers(
              f,
              own,
              fg.shared,
              FunctionalGroups.PLANE_ORIENTATION,
              DicomParser.IMAGE_ORIENTATION,
              6,
              h.imageOrientation);
      f.pixelSpacing =
          numbers(
              f,
              own,
              fg.shared,
              FunctionalGroups.PIXEL_MEASURES,
              DicomParser.PIXEL_SPACING,
              2,
              h.pixelSpacing);
      double[] thickness =
          numbers(
              f,
              own,
              fg.shared,
              FunctionalGroups.PIXEL_MEASURES,
              DicomParser.SLICE_THICKNESS,
              1,
              null);
      if (thickness != null) {
        f.sliceThickness = thickness[0];
      }
      double[] intercept =
          numbers(
              f,
              own,
              fg.shared,
              FunctionalGroups.PIXEL_VALUE_TRANSFORMATION,
              DicomParser.RESCALE_INTERCEPT,
              1,
              null);
      if (intercept != null) {
        f.rescaleIntercept = intercept[0];
      }
      double[] slope =
          numbers(
              f,
              own,
              fg.shared,
              FunctionalGroups.PIXEL_VALUE_TRANSFORMATION,
              DicomParser.RESCALE_SLOPE,
              1,
              null);
      if (slope != null) {
        f.rescaleSlope = slope[0];
      }
      out.add(f);
    }
    return out;
  }

  /**
   * Checks that uncompressed pixel data hold exactly NumberOfFrames frames (plus at most the one
   * padding byte of an odd length). Encapsulated pixel data are checked against the frame count
   * when their items are read.
   */
  private static void checkNativeLength(SliceHeader h, int n) throws DicomException {
    if (!h.hasPixelData()
        || h.encapsulated()
        || h.rows < 1
        || h.columns < 1
        || (h.bitsAllocated != 8 && h.bitsAllocated != 16 && h.bitsAllocated != 32)) {
      return; // PixelDecoder.validate names what is wrong
    }
    long frameBytes = (long) h.rows * h.columns * (h.bitsAllocated / 8);
    long need = frameBytes * n;
    boolean padded = need % 2 == 1 && h.pixelLength == need + 1;
    if (h.pixelLength != need && !padded) {
      throw new DicomException(
          h.file,
          "frame count mismatch: NumberOfFrames (0028,0008) is "
              + n
              + ", so the pixel data should hold "
              + need
              + " bytes ("
              + n
              + " frames of "
              + h.columns
              + "x"
              + h.rows
              + " "
              + h.bitsAllocated
              + "-bit pixels), but they hold "
              + h.pixelLength
              + " (room for "
              + h.pixelLength / frameBytes
              + " frames)");
    }
  }

  private static double[] numbers(
      SliceHeader f,
      Map<Long, String> own,
      Map<Long, String> shared,
      int macro,
      int tag,
      int count,
      double[] fallback)
      throws DicomException {
    long key = SequenceItems.key(macro, tag);
    String s = own.get(key);
    String where = "Per-frame";
    if (s == null) {
      s = shared.get(key);
      where = "Shared";
    }
    if (s == null) {
      return fallback;
    }
    double[] v;
    try {
      v = DicomText.numbers(s);
    } catch (NumberFormatException e) {
      throw new DicomException(
          f.file,
          f.name()
              + ": "
              + DicomText.tag(tag)
              + " in the "
              + where
              + " Functional Groups "
              + DicomText.tag(macro)
              + " is not numeric: '"
              + s
              + "'");
    }
    if (v.length == 0) {
      return fallback;
    }
    if (v.length != count) {
      throw new DicomException(
          f.file,
          f.name()
              + ": "
              + DicomText.tag(tag)
              + " in the "
              + where
              + " Functional Groups "
              + DicomText.tag(macro)
              + " must have "
              + count
              + " values, got "
              + v.length
              + " ('"
              + s
              + "')");
    }
    return v;
  }
}
