package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one DICOM file says about itself and about the series it was drawn on, as {@link
 * Dicom#readReferences} reads it: enough to match a segmentation or structure set to its CT series
 * before reading either. Empty strings and lists mean the tag is absent.
 *
 * @param file the file
 * @param sopClassUid SOP Class UID (0008,0016)
 * @param modality Modality (0008,0060)
 * @param seriesInstanceUid the file's own Series Instance UID (0020,000E)
 * @param frameOfReferenceUid the file's own Frame of Reference UID (0020,0052)
 * @param patientId Patient ID (0010,0020), if present
 * @param referencedSeriesInstanceUids the series the file refers to, in file order without repeats:
 *     of a SEG (or any image) the Referenced Series Sequence (0008,1115); of an RTSTRUCT the RT
 *     Referenced Series Sequence (3006,0014) inside the RT Referenced Study Sequence (3006,0012) of
 *     each Referenced Frame of Reference Sequence (3006,0010) item
 * @param referencedFrameOfReferenceUids the frames of reference an RTSTRUCT refers to, in file
 *     order without repeats: those of the Referenced Frame of Reference Sequence (3006,0010) items
 *     and the Referenced Frame of Reference UID (3006,0024) of each Structure Set ROI; empty for
 *     other files
 */
public record DicomReferences(
    Path file,
    String sopClassUid,
    String modality,
    String seriesInstanceUid,
    String frameOfReferenceUid,
    Optional<String> patientId,
    List<String> referencedSeriesInstanceUids,
    List<String> referencedFrameOfReferenceUids) {

  /** SOP Class UID of Segmentation Storage. */
  public static final String SEGMENTATION_STORAGE = DicomSegReader.SEGMENTATION_STORAGE;

  /** SOP Class UID of RT Structure Set Storage. */
  public static final String RT_STRUCTURE_SET_STORAGE = RtStructReader.RT_STRUCTURE_SET_STORAGE;

  /** Validates and copies the components. */
  public DicomReferences {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sopClassUid, "sopClassUid");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(frameOfReferenceUid, "frameOfReferenceUid");
    Objects.requireNonNull(patientId, "patientId");
    referencedSeriesInstanceUids = List.copyOf(referencedSeriesInstanceUids);
    referencedFrameOfReferenceUids = List.copyOf(referencedFrameOfReferenceUids);
  }

  /** Returns whether the file is a DICOM Segmentation (by SOP Class, else by Modality SEG). */
  public boolean isSegmentation() {
    return sopClassUid.equals(SEGMENTATION_STORAGE)
        || (sopClassUid.isEmpty() && modality.equals("SEG"));
  }

  /** Returns whether the file is an RT Structure Set (by SOP Class, else by Modality RTSTRUCT). */
  public boolean isStructureSet() {
    return sopClassUid.equals(RT_STRUCTURE_SET_STORAGE)
        || (sopClassUid.isEmpty() && modality.equals("RTSTRUCT"));
  }

  static DicomReferences read(Path file) throws IOException {
    DicomTreeParser.Parsed p = DicomTreeParser.read(file);
    p.pixelSource().close();
    DicomTree t = p.tree();
    List<String> series = new ArrayList<>();
    for (DicomTree it : t.items(0x00081115)) {
      add(series, it.string(0x0020000E));
    }
    List<String> frames = new ArrayList<>();
    for (DicomTree rf : t.items(0x30060010)) {
      add(frames, rf.string(0x00200052));
      for (DicomTree study : rf.items(0x30060012)) {
        for (DicomTree s : study.items(0x30060014)) {
          add(series, s.string(0x0020000E));
        }
      }
    }
    for (DicomTree roi : t.items(0x30060020)) {
      add(frames, roi.string(0x30060024));
    }
    String patient = t.string(0x00100020);
    return new DicomReferences(
        file,
        t.string(0x00080016),
        t.string(0x00080060),
        t.string(0x0020000E),
        t.string(0x00200052),
        patient.isEmpty() ? Optional.empty() : Optional.of(patient),
        series,
        frames);
  }

  private static void add(List<String> to, String uid) {
    if (!uid.isEmpty() && !to.contains(uid)) {
      to.add(uid);
    }
  }
}
