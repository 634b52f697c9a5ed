package org.lungnodule.core;

import java.util.List;
import java.util.Objects;

/**
 * A scan with its patient and its annotated nodules: the unit a site is made of.
 *
 * @param patientId patient identifier (splits are made by patient)
 * @param scanId scan identifier, unique within a site
 * @param volume the CT volume
 * @param nodules the annotated nodules (copied)
 */
public record AnnotatedScan(
    String patientId, String scanId, CtVolume volume, List<Nodule> nodules) {

  /** Validates and copies. */
  public AnnotatedScan {
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(volume, "volume");
    nodules = List.copyOf(nodules);
  }
}
