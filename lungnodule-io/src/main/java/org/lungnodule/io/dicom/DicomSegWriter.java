package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.Dims;
import org.lungnodule.core.LibraryInfo;
import org.lungnodule.core.Mask;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a binary DICOM Segmentation (see {@link DicomSeg#write}). */
final class DicomSegWriter {

  private static final Logger LOG = LoggerFactory.getLogger(DicomSegWriter.class);

  static final String SERIES_DESCRIPTION = "lungnodule segmentation";
  static final int SERIES_NUMBER = 300;
  static final String ALGORITHM_NAME = "lungnodule";

  private DicomSegWriter() {}

  static String write(Path out, DicomSeries series, List<SegmentToWrite> segments)
      throws IOException {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a segmentation needs at least one segment, got none");
    }
    if (segments.size() > 0xFFFF) {
      throw new IllegalArgumentException("at most 65535 segments, got " + segments.size());
    }
    VolumeGeometry g = series.volume().geometry();
    for (int s = 0; s < segments.size(); s++) {
      Mask m = segments.get(s).mask();
      if (!m.geometry().sameGrid(g, 1e-4)) {
        throw new IllegalArgumentException(
            "segment "
                + (s + 1)
                + " lies on "
                + m.geometry()
                + ", not on the source series' grid "
                + g
                + " (resample it onto the series first)");
      }
    }
    SourceSlices src = SourceSlices.of(series, true);
    Dims d = g.dims();
    int nx = d.nx();
    int ny = d.ny();
    int slice = d.sliceSize();
    // Frames: segment by segment, slices in volume order, non-empty ones only.
    List<int[]> frames = new ArrayList<>();
    for (int s = 0; s < segments.size(); s++) {
      ByteBuffer lab = segments.get(s).mask().labels();
      for (int k = 0; k < d.nz(); k++) {
        for (int i = 0; i < slice; i++) {
          if (lab.get(k * slice + i) != 0) {
            frames.add(new int[] {s, k});
            break;
          }
        }
      }
    }
    if (frames.isEmpty()) {
      throw new IllegalArgumentException(
          "every segment is empty; a DICOM segmentation needs at least one non-empty frame");
    }
    long bits = (long) frames.size() * slice;
    long bytes = (bits + 7) / 8;
    bytes += bytes & 1;
    if (bytes > Integer.MAX_VALUE - 8 || !MemoryBudget.allows(bytes * 2)) {
      throw new IllegalArgumentException(
          MemoryBudget.refusal(bytes * 2, frames.size() + " segmentation frames"));
    }
    byte[] px = new byte[(int) bytes];
    long bit = 0;
    for (int[] f : frames) {
      ByteBuffer lab = segments.get(f[0]).mask().labels();
      int base = f[1] * slice;
      for (int i = 0; i < slice; i++, bit++) {
        if (lab.get(base + i) != 0) {
          px[(int) (bit >>> 3)] |= (byte) (1 << (int) (bit & 7));
        }
      }
    }

    long seed = seed(src, segments, frames, px);
    String sopInstance = DicomWriter.uid(seed, "seg-instance", 0);
    String seriesUid = DicomWriter.uid(seed, "seg-series", 0);
    String dimOrg = DicomWriter.uid(seed, "seg-dimensions", 0);

    DicomTree t = new DicomTree();
    for (int tag : SourceSlices.COPIED) {
      DicomTree.Element e = src.first.elements.get(tag);
      t.bytes(tag, vrOf(tag), e == null || e.value == null ? new byte[0] : e.value);
    }
    String studyDate = src.first.string(0x00080020);
    String studyTime = src.first.string(0x00080030);
    t.text(0x00080005, "CS", "ISO_IR 100");
    t.text(0x00080008, "CS", "DERIVED\\PRIMARY");
    t.text(0x00080016, "UI", DicomSegReader.SEGMENTATION_STORAGE);
    t.text(0x00080018, "UI", sopInstance);
    t.text(0x00080023, "DA", studyDate.isEmpty() ? "19700101" : studyDate);
    t.text(0x00080033, "TM", studyTime.isEmpty() ? "000000" : studyTime);
    t.text(0x00080060, "CS", "SEG");
    t.text(0x00080070, "LO", "lungnodule");
    t.text(0x0008103E, "LO", SERIES_DESCRIPTION);
    t.text(0x00081090, "LO", "lungnodule");
    List<DicomTree> refs = new ArrayList<>();
    for (int k = 0; k < d.nz(); k++) {
      refs.add(
          new DicomTree()
              .text(0x00081150, "UI", src.sopClassUids.get(k))
              .text(0x00081155, "UI", src.sopInstanceUids.get(k)));
    }
    t.sequence(
        0x00081115,
        new DicomTree().sequence(0x0008114A, refs).text(0x0020000E, "UI", src.seriesInstanceUid));
    t.text(0x00181000, "LO", "0");
    t.text(0x00181020, "LO", LibraryInfo.version());
    t.text(0x0020000E, "UI", seriesUid);
    t.text(0x00200011, "IS", Integer.toString(SERIES_NUMBER));
    t.text(0x00200013, "IS", "1");
    t.text(0x00200052, "UI", src.frameOfReferenceUid);
    t.text(0x00201040, "LO", "");
    t.sequence(0x00209221, new DicomTree().text(0x00209164, "UI", dimOrg));
    t.sequence(
        0x00209222,
        DicomTree.list(
            new DicomTree()
                .text(0x00209164, "UI", dimOrg)
                .at(0x00209165, DicomSegReader.REFERENCED_SEGMENT_NUMBER)
                .at(0x00209167, DicomSegReader.SEGMENT_IDENTIFICATION)
                .text(0x00209421, "LO", "ReferencedSegmentNumber"),
            new DicomTree()
                .text(0x00209164, "UI", dimOrg)
                .at(0x00209165, DicomSegReader.IMAGE_POSITION)
                .at(0x00209167, DicomSegReader.PLANE_POSITION)
                .text(0x00209421, "LO", "ImagePositionPatient")));
    t.us(0x00280002, 1);
    t.text(0x00280004, "CS", "MONOCHROME2");
    t.text(0x00280008, "IS", Integer.toString(frames.size()));
    t.us(0x00280010, ny);
    t.us(0x00280011, nx);
    t.us(0x00280100, 1);
    t.us(0x00280101, 1);
    t.us(0x00280102, 0);
    t.us(0x00280103, 0);
    t.text(0x00282110, "CS", "00");
    t.text(0x00620001, "CS", "BINARY");
    List<DicomTree> segs = new ArrayList<>();
    for (int s = 0; s < segments.size(); s++) {
      SegmentToWrite w = segments.get(s);
      DicomTree it =
          new DicomTree()
              .sequence(
                  0x00620003,
                  DicomTree.code("49755003", "SCT", "Morphologically Altered Structure"))
              .us(0x00620004, s + 1)
              .text(0x00620005, "LO", w.label())
              .text(0x00620008, "CS", "AUTOMATIC")
              .text(0x00620009, "LO", ALGORITHM_NAME)
              .sequence(0x0062000F, DicomTree.code("27925004", "SCT", "Nodule"));
      w.description().ifPresent(desc -> it.text(0x00620006, "ST", desc));
      segs.add(it);
    }
    t.sequence(0x00620002, segs);
    t.text(0x00700080, "CS", "LUNGNODULE");
    t.text(0x00700081, "LO", "nodule segmentation");
    t.text(0x00700084, "PN", "");
    double[] row = g.direction().axis(0);
    double[] col = g.direction().axis(1);
    t.sequence(
        DicomSegReader.SHARED,
        new DicomTree()
            .sequence(
                DicomSegReader.PIXEL_MEASURES,
                new DicomTree()
                    .text(0x00180050, "DS", DicomText.ds(g.spacing().zMm()))
                    .text(0x00180088, "DS", DicomText.ds(g.spacing().zMm()))
                    .text(
                        DicomSegReader.PIXEL_SPACING,
                        "DS",
                        DicomText.ds(g.spacing().yMm()) + "\\" + DicomText.ds(g.spacing().xMm())))
            .sequence(
                DicomSegReader.PLANE_ORIENTATION,
                new DicomTree()
                    .text(
                        DicomSegReader.IMAGE_ORIENTATION,
                        "DS",
                        ds(row[0])
                            + "\\"
                            + ds(row[1])
                            + "\\"
                            + ds(row[2])
                            + "\\"
                            + ds(col[0])
                            + "\\"
                            + ds(col[1])
                            + "\\"
                            + ds(col[2]))));
    List<DicomTree> perFrame = new ArrayList<>(frames.size());
    for (int[] f : frames) {
      int k = f[1];
      WorldPoint p = g.voxelToWorld(0, 0, k);
      DicomTree source =
          new DicomTree()
              .text(0x00081150, "UI", src.sopClassUids.get(k))
              .text(DicomSegReader.REFERENCED_SOP_INSTANCE, "UI", src.sopInstanceUids.get(k))
              .sequence(
                  0x0040A170,
                  DicomTree.code("121322", "DCM", "Source image for image processing operation"));
      perFrame.add(
          new DicomTree()
              .sequence(
                  DicomSegReader.DERIVATION_IMAGE,
                  new DicomTree()
                      .sequence(0x00089215, DicomTree.code("113076", "DCM", "Segmentation"))
                      .sequence(DicomSegReader.SOURCE_IMAGE, source))
              .sequence(0x00209111, new DicomTree().ul(0x00209157, f[0] + 1, k + 1))
              .sequence(
                  DicomSegReader.PLANE_POSITION,
                  new DicomTree()
                      .text(
                          DicomSegReader.IMAGE_POSITION,
                          "DS",
                          ds(p.xMm()) + "\\" + ds(p.yMm()) + "\\" + ds(p.zMm())))
              .sequence(
                  DicomSegReader.SEGMENT_IDENTIFICATION,
                  new DicomTree().us(DicomSegReader.REFERENCED_SEGMENT_NUMBER, f[0] + 1)));
    }
    t.sequence(DicomSegReader.PER_FRAME, perFrame);
    byte[] file =
        DicomTreeWriter.encode(DicomSegReader.SEGMENTATION_STORAGE, sopInstance, t, "OB", px);
    AtomicFiles.write(out, file);
    LOG.info(
        "wrote {} ({} segments, {} frames, {} bytes)",
        out,
        segments.size(),
        frames.size(),
        file.length);
    return sopInstance;
  }

  private static String ds(double v) {
    return DicomText.ds(Math.abs(v) < 1e-12 ? 0 : v);
  }

  private static String vrOf(int tag) {
    return switch (tag) {
      case 0x00080020, 0x00100030 -> "DA";
      case 0x00080030 -> "TM";
      case 0x00080050, 0x00200010 -> "SH";
      case 0x00080090, 0x00100010 -> "PN";
      case 0x00100020 -> "LO";
      case 0x00100040 -> "CS";
      case 0x0020000D -> "UI";
      default -> throw new IllegalStateException("no VR for " + DicomText.tag(tag));
    };
  }

  /** A seed from the source slices' UIDs, the segment labels and the packed frames. */
  private static long seed(
      SourceSlices src, List<SegmentToWrite> segments, List<int[]> frames, byte[] px) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(src.seriesInstanceUid.getBytes(StandardCharsets.UTF_8));
      for (String u : src.sopInstanceUids) {
        md.update(u.getBytes(StandardCharsets.UTF_8));
      }
      for (SegmentToWrite s : segments) {
        md.update((s.label() + "|" + s.description().orElse("")).getBytes(StandardCharsets.UTF_8));
      }
      for (int[] f : frames) {
        md.update(ByteBuffer.allocate(8).putInt(f[0]).putInt(f[1]).array());
      }
      md.update(px);
      return ByteBuffer.wrap(md.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
