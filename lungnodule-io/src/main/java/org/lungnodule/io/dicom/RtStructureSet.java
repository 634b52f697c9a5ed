package org.lungnodule.io.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An RT Structure Set (RTSTRUCT) read onto a CT series' grid by {@link RtStruct#read}.
 *
 * @param file the RTSTRUCT file
 * @param sopInstanceUid its SOP Instance UID
 * @param label Structure Set Label (3006,0002), empty if absent
 * @param rois the regions, in the order of the Structure Set ROI Sequence
 * @param warnings what was skipped (contours that are not CLOSED_PLANAR, ROIs without contours)
 */
public record RtStructureSet(
    Path file, String sopInstanceUid, String label, List<RtStructRoi> rois, List<String> warnings) {

  /** Validates and copies. */
  public RtStructureSet {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    Objects.requireNonNull(label, "label");
    rois = List.copyOf(rois);
    warnings = List.copyOf(warnings);
  }

  /** Returns the region with an ROI Number, if there is one. */
  public Optional<RtStructRoi> roi(int number) {
    return rois.stream().filter(r -> r.number() == number).findFirst();
  }

  /** Prints one line per region under a heading. */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(
            "RtStructureSet["
                + file.getFileName()
                + ", '"
                + label
                + "', "
                + rois.size()
                + " ROI(s)]");
    for (RtStructRoi r : rois) {
      sb.append("\n  ").append(r);
    }
    for (String w : warnings) {
      sb.append("\n  warning: ").append(w);
    }
    return sb.toString();
  }
}
