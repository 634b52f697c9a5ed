package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a DICOM Segmentation onto a CT grid (see {@link DicomSeg#read}). */
final class DicomSegReader {

  private static final Logger LOG = LoggerFactory.getLogger(DicomSegReader.class);

  static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";

  /** How far (in voxels) a frame's position may lie from a slice's, in plane and along z. */
  static final double POSITION_TOLERANCE_VOXELS = 0.1;

  static final int SHARED = 0x52009229;
  static final int PER_FRAME = 0x52009230;
  static final int SEGMENT_SEQUENCE = 0x00620002;
  static final int SEGMENT_IDENTIFICATION = 0x0062000A;
  static final int REFERENCED_SEGMENT_NUMBER = 0x0062000B;
  static final int DERIVATION_IMAGE = 0x00089124;
  static final int SOURCE_IMAGE = 0x00082112;
  static final int REFERENCED_SOP_INSTANCE = 0x00081155;
  static final int PLANE_POSITION = 0x00209113;
  static final int PLANE_ORIENTATION = 0x00209116;
  static final int PIXEL_MEASURES = 0x00289110;
  static final int IMAGE_POSITION = 0x00200032;
  static final int IMAGE_ORIENTATION = 0x00200037;
  static final int PIXEL_SPACING = 0x00280030;

  private DicomSegReader() {}

  static DicomSegmentation read(Path file, VolumeGeometry grid, SourceSlices source)
      throws IOException {
    DicomTreeParser.Parsed p = DicomTreeParser.read(file);
    try (ByteSource px = p.pixelSource()) {
      return read(file, p.tree(), px, grid, source);
    }
  }

  private static DicomSegmentation read(
      Path file, DicomTree t, ByteSource px, VolumeGeometry grid, SourceSlices source)
      throws IOException {
    String sopClass = t.string(0x00080016);
    if (!sopClass.equals(SEGMENTATION_STORAGE)) {
      throw new DicomException(
          file,
          "not a DICOM Segmentation: SOP Class UID is '"
              + sopClass
              + "', expected "
              + SEGMENTATION_STORAGE);
    }
    int rows = t.us(0x00280010).orElse(-1);
    int cols = t.us(0x00280011).orElse(-1);
    int bits = t.us(0x00280100).orElse(-1);
    double[] nf = t.numbers(file, 0x00280008);
    int frames = nf.length == 0 ? 1 : (int) nf[0];
    String type = t.string(0x00620001);
    Dims d = grid.dims();
    if (rows != d.ny() || cols != d.nx()) {
      throw new DicomReferenceException(
          file,
          "frames of "
              + cols
              + "x"
              + rows
              + " (columns x rows) do not match the CT slices of "
              + d.nx()
              + "x"
              + d.ny());
    }
    boolean binary = type.equals("BINARY");
    if (binary ? bits != 1 : !(type.equals("FRACTIONAL") && bits == 8)) {
      throw new DicomException(
          file,
          "unsupported segmentation: Segmentation Type '"
              + type
              + "' with Bits Allocated "
              + bits
              + " (expected BINARY with 1 or FRACTIONAL with 8)");
    }
    int maxFraction = t.us(0x0062000E).orElse(binary ? 1 : -1);
    if (maxFraction < 1 || maxFraction > 255) {
      throw new DicomException(
          file,
          "a FRACTIONAL segmentation needs a Maximum Fractional Value (0062,000E) in 1..255, got "
              + maxFraction);
    }
    List<DicomTree> perFrame = t.items(PER_FRAME);
    if (frames < 1 || perFrame.size() != frames) {
      throw new DicomException(
          file,
          "frame count mismatch: Number of Frames is "
              + frames
              + " but the Per-frame Functional Groups Sequence has "
              + perFrame.size()
              + " item(s)");
    }
    DicomTree shared = t.item(SHARED).orElse(new DicomTree());

    Optional<String> refSeries = Optional.empty();
    List<String> allRefSeries = new ArrayList<>();
    for (DicomTree it : t.items(0x00081115)) {
      String u = it.string(0x0020000E);
      if (!u.isEmpty()) {
        allRefSeries.add(u);
      }
    }
    if (!allRefSeries.isEmpty()) {
      refSeries = Optional.of(allRefSeries.get(0));
    }
    String frameOfRef = t.string(0x00200052);
    if (source != null) {
      if (!allRefSeries.isEmpty()
          && !source.seriesInstanceUid.isEmpty()
          && !allRefSeries.contains(source.seriesInstanceUid)) {
        throw new DicomReferenceException(
            file,
            "the segmentation references series "
                + allRefSeries
                + ", which is not the given series "
                + source.seriesInstanceUid);
      }
      if (!frameOfRef.isEmpty()
          && !source.frameOfReferenceUid.isEmpty()
          && !frameOfRef.equals(source.frameOfReferenceUid)) {
        throw new DicomReferenceException(
            file,
            "Frame of Reference UID "
                + frameOfRef
                + " differs from the series' "
                + source.frameOfReferenceUid);
      }
    }

    Map<Integer, Integer> segIndex = new LinkedHashMap<>();
    List<DicomTree> segItems = t.items(SEGMENT_SEQUENCE);
    if (segItems.isEmpty()) {
      throw new DicomException(file, "the Segment Sequence (0062,0002) is missing or empty");
    }
    for (DicomTree s : segItems) {
      int n = s.us(0x00620004).orElse(-1);
      if (n < 1 || segIndex.containsKey(n)) {
        throw new DicomException(
            file,
            "segment numbers must be unique and 1 or more, got " + n + " in the Segment Sequence");
      }
      segIndex.put(n, segIndex.size());
    }
    long voxels = d.voxelCount();
    long need = voxels * segItems.size();
    if (!MemoryBudget.allows(need)) {
      throw new DicomException(
          file, MemoryBudget.refusal(need, segItems.size() + " segment masks"));
    }

    long pixelsPerFrame = (long) rows * cols;
    long needBytes = binary ? (pixelsPerFrame * frames + 7) / 8 : pixelsPerFrame * frames;
    if (t.pixelOffset < 0) {
      throw new DicomException(file, "the segmentation has no Pixel Data (7FE0,0010)");
    }
    if (t.pixelLength < 0) {
      throw new DicomException(
          file, "compressed (encapsulated) segmentation pixel data are not supported");
    }
    if (t.pixelLength < needBytes) {
      throw new DicomException(
          file,
          "frame count mismatch: Pixel Data hold "
              + t.pixelLength
              + " bytes, but "
              + frames
              + " frames of "
              + cols
              + "x"
              + rows
              + (binary ? " bits" : " bytes")
              + " need "
              + needBytes);
    }
    if (!MemoryBudget.allows(needBytes)) {
      throw new DicomException(file, MemoryBudget.refusal(needBytes, "the segmentation frames"));
    }
    byte[] data = new byte[(int) needBytes];
    px.read(t.pixelOffset, data, 0, data.length);

    checkGeometry(file, shared, grid, "shared");
    byte[][] masks = new byte[segItems.size()][(int) voxels];
    int sliceSize = d.sliceSize();
    for (int f = 0; f < frames; f++) {
      final int frameNo = f + 1;
      DicomTree fr = perFrame.get(f);
      if (fr.has(PLANE_ORIENTATION) || fr.has(PIXEL_MEASURES)) {
        checkGeometry(file, fr, grid, "frame " + (f + 1));
      }
      int segNo =
          group(fr, shared, SEGMENT_IDENTIFICATION)
              .flatMap(g -> g.us(REFERENCED_SEGMENT_NUMBER))
              .orElseThrow(
                  () ->
                      new DicomException(
                          file, "frame " + frameNo + " has no Referenced Segment Number"));
      Integer si = segIndex.get(segNo);
      if (si == null) {
        throw new DicomException(
            file,
            "frame "
                + (f + 1)
                + " references segment "
                + segNo
                + ", which the Segment Sequence lacks");
      }
      int k = slice(file, f, fr, shared, grid, source);
      byte[] m = masks[si];
      int base = k * sliceSize;
      long bit0 = f * pixelsPerFrame;
      for (int i = 0; i < sliceSize; i++) {
        boolean on;
        if (binary) {
          long b = bit0 + i;
          on = ((data[(int) (b >>> 3)] >> (int) (b & 7)) & 1) != 0;
        } else {
          on = 2 * (data[(int) (bit0 + i)] & 0xFF) >= maxFraction;
        }
        if (on) {
          m[base + i] = 1;
        }
      }
    }
    List<DicomSegment> segments = new ArrayList<>();
    for (DicomTree s : segItems) {
      int n = s.us(0x00620004).orElseThrow();
      String desc = s.string(0x00620006);
      segments.add(
          new DicomSegment(
              n,
              s.string(0x00620005),
              desc.isEmpty() ? Optional.empty() : Optional.of(desc),
              s.string(0x00620008),
              Mask.wrap(grid, masks[segIndex.get(n)])));
    }
    DicomSegmentation r =
        new DicomSegmentation(file, t.string(0x00080018), type, refSeries, frameOfRef, segments);
    LOG.info("read {} ({} frames, {} segments)", file, frames, segments.size());
    return r;
  }

  /** The functional group item of a frame: its per-frame one, else the shared one. */
  private static Optional<DicomTree> group(DicomTree frame, DicomTree shared, int tag) {
    Optional<DicomTree> g = frame.item(tag);
    return g.isPresent() ? g : shared.item(tag);
  }

  private static void checkGeometry(Path file, DicomTree groups, VolumeGeometry grid, String where)
      throws DicomException {
    Optional<DicomTree> o = groups.item(PLANE_ORIENTATION);
    if (o.isPresent()) {
      double[] iop = o.get().numbers(file, IMAGE_ORIENTATION);
      if (iop.length != 6
          || !SourceSlices.sameAxis(iop, 0, grid.direction().axis(0))
          || !SourceSlices.sameAxis(iop, 3, grid.direction().axis(1))) {
        throw new DicomReferenceException(
            file,
            "the "
                + where
                + " Image Orientation (Patient) "
                + java.util.Arrays.toString(iop)
                + " is not the CT's "
                + grid.direction());
      }
    }
    Optional<DicomTree> m = groups.item(PIXEL_MEASURES);
    if (m.isPresent()) {
      double[] ps = m.get().numbers(file, PIXEL_SPACING);
      if (ps.length == 2
          && (Math.abs(ps[0] - grid.spacing().yMm()) > 1e-3 * (1 + ps[0])
              || Math.abs(ps[1] - grid.spacing().xMm()) > 1e-3 * (1 + ps[1]))) {
        throw new DicomReferenceException(
            file,
            "the "
                + where
                + " Pixel Spacing "
                + ps[0]
                + "\\"
                + ps[1]
                + " mm is not the CT's "
                + grid.spacing().yMm()
                + "\\"
                + grid.spacing().xMm()
                + " mm");
      }
    }
  }

  /** The CT slice a frame lies on: by its source image's UID, else by its position. */
  private static int slice(
      Path file, int f, DicomTree fr, DicomTree shared, VolumeGeometry grid, SourceSlices source)
      throws DicomException {
    String uid = "";
    Optional<DicomTree> der = group(fr, shared, DERIVATION_IMAGE);
    if (der.isPresent()) {
      uid = der.get().item(SOURCE_IMAGE).map(s -> s.string(REFERENCED_SOP_INSTANCE)).orElse("");
    }
    if (!uid.isEmpty() && source != null) {
      Integer k = source.sliceOfInstance.get(uid);
      if (k != null) {
        return k;
      }
    }
    Optional<DicomTree> pos = group(fr, shared, PLANE_POSITION);
    double[] ipp = pos.isPresent() ? pos.get().numbers(file, IMAGE_POSITION) : new double[0];
    if (ipp.length != 3) {
      if (!uid.isEmpty()) {
        throw new DicomReferenceException(
            file,
            "frame "
                + (f + 1)
                + " references image "
                + uid
                + ", which is not in the given series, and has no Image Position (Patient)");
      }
      throw new DicomException(
          file,
          "frame "
              + (f + 1)
              + " has neither a source image (Derivation Image Sequence) nor an Image Position"
              + " (Patient) (Plane Position Sequence)");
    }
    VoxelPoint v = grid.worldToVoxel(new WorldPoint(ipp[0], ipp[1], ipp[2]));
    long k = Math.round(v.k());
    if (Math.abs(v.i()) > POSITION_TOLERANCE_VOXELS
        || Math.abs(v.j()) > POSITION_TOLERANCE_VOXELS
        || Math.abs(v.k() - k) > POSITION_TOLERANCE_VOXELS
        || k < 0
        || k >= grid.dims().nz()) {
      throw new DicomReferenceException(
          file,
          "frame "
              + (f + 1)
              + " at ("
              + DicomText.mm(ipp[0])
              + ", "
              + DicomText.mm(ipp[1])
              + ", "
              + DicomText.mm(ipp[2])
              + ") mm is not on a slice of the CT grid (voxel "
              + String.format(java.util.Locale.ROOT, "%.2f, %.2f, %.2f", v.i(), v.j(), v.k())
              + ")");
    }
    return (int) k;
  }
}
