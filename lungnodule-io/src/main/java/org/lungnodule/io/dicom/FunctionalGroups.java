package org.lungnodule.io.dicom;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lungnodule.io.internal.Budget;

/**
 * The functional groups of an enhanced multi-frame file (PS3.3 C.7.6.16): the one item of the
 * Shared Functional Groups Sequence (5200,9229) and the items of the Per-frame Functional Groups
 * Sequence (5200,9230), one per frame, each keeping only the values the volume needs: Plane
 * Position (0020,9113), Plane Orientation (0020,9116), Pixel Measures (0028,9110) and Pixel Value
 * Transformation (0028,9145).
 */
final class FunctionalGroups {

  static final int SHARED = 0x52009229;
  static final int PER_FRAME = 0x52009230;
  static final int PLANE_POSITION = 0x00209113;
  static final int PLANE_ORIENTATION = 0x00209116;
  static final int PIXEL_MEASURES = 0x00289110;
  static final int PIXEL_VALUE_TRANSFORMATION = 0x00289145;

  private static final Set<Integer> MACROS =
      Set.of(PLANE_POSITION, PLANE_ORIENTATION, PIXEL_MEASURES, PIXEL_VALUE_TRANSFORMATION);

  private static final Set<Integer> VALUES =
      Set.of(
          DicomParser.IMAGE_POSITION,
          DicomParser.IMAGE_ORIENTATION,
          DicomParser.PIXEL_SPACING,
          DicomParser.SLICE_THICKNESS,
          DicomParser.RESCALE_INTERCEPT,
          DicomParser.RESCALE_SLOPE);

  /** Bytes counted per frame for its functional group values, besides its voxels. */
  private static final long BYTES_PER_FRAME_ITEM = 512;

  /** The shared item's values (empty when there is no shared sequence). */
  Map<Long, String> shared = Map.of();

  /** The per-frame items' values, or null when there is no per-frame sequence. */
  List<Map<Long, String>> perFrame;

  /**
   * Reads one of the two functional group sequences of the top-level data set into {@code h}.
   * NumberOfFrames, Rows and Columns (which precede the sequences in tag order) bound the number of
   * per-frame items and the memory they take.
   *
   * @param c the cursor at the sequence's value
   * @param tag {@link #SHARED} or {@link #PER_FRAME}
   * @param len the sequence's length, or {@link DicomParser#UNDEFINED}
   * @throws DicomException if the sequence is malformed, has more items than frames, or the frames
   *     exceed the memory budget
   */
  static void read(SliceHeader h, DicomParser.Cursor c, int tag, long len, int depth)
      throws IOException {
    if (h.functionalGroups == null) {
      h.functionalGroups = new FunctionalGroups();
    }
    FunctionalGroups fg = h.functionalGroups;
    if (tag == SHARED) {
      List<SequenceItems.Item> items =
          SequenceItems.read(
              c,
              len,
              depth,
              1,
              "Shared Functional Groups Sequence (5200,9229)",
              FunctionalGroups::keep);
      fg.shared = items.isEmpty() ? Map.of() : items.get(0).values();
      return;
    }
    int frames = Math.max(1, h.numberOfFrames);
    Budget.require(
        Budget.times(
            frames,
            Budget.plus(
                Budget.times(
                    Budget.times(Math.max(1, h.rows), Math.max(1, h.columns)), Budget.VOLUME),
                BYTES_PER_FRAME_ITEM)),
        "the file declares "
            + h.numberOfFrames
            + " frames of "
            + h.columns
            + "x"
            + h.rows
            + " pixels, read as 4-byte floats",
        m -> new DicomException(h.file, m));
    List<SequenceItems.Item> items =
        SequenceItems.read(
            c,
            len,
            depth,
            frames,
            "Per-frame Functional Groups Sequence (5200,9230)",
            FunctionalGroups::keep);
    fg.perFrame = items.stream().map(SequenceItems.Item::values).toList();
  }

  private static boolean keep(int macro, int tag) {
    return MACROS.contains(macro) && VALUES.contains(tag);
  }
}
