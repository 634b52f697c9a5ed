package org.lungnodule.models.classifier;

import java.util.Objects;

/**
 * One training example: a nodule cube (channel-major float values, for the default network 3 × 32 ×
 * 64 × 64: channel, z, y, x with x fastest) and whether the nodule is malignant.
 *
 * <p>The array is taken over without a copy (a cube is 1.5 MB; training sets hold hundreds): the
 * caller must not change it afterwards. Equality is by identity of the case.
 */
public final class LabelledCube {

  private final String caseId;
  private final String patientId;
  private final float[] values;
  private final boolean malignant;

  private LabelledCube(String caseId, String patientId, float[] values, boolean malignant) {
    this.caseId = caseId;
    this.patientId = patientId;
    this.values = values;
    this.malignant = malignant;
  }

  /**
   * Wraps a cube.
   *
   * @param caseId unique identifier of the nodule, for example {@code patient/nodule} (used in the
   *     provenance hash)
   * @param patientId the patient (validation splits are made by patient)
   * @param values the cube, channel-major; ownership passes to this object
   * @param malignant the label
   * @throws IllegalArgumentException for a blank id, an empty array or a non-finite value (naming
   *     its index)
   */
  public static LabelledCube of(
      String caseId, String patientId, float[] values, boolean malignant) {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(values, "values");
    if (caseId.isBlank() || patientId.isBlank()) {
      throw new IllegalArgumentException(
          "case and patient ids must not be blank, got '" + caseId + "' and '" + patientId + "'");
    }
    if (values.length == 0) {
      throw new IllegalArgumentException("cube of " + caseId + " is empty");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "cube of " + caseId + " has a non-finite value " + values[i] + " at index " + i);
      }
    }
    return new LabelledCube(caseId, patientId, values, malignant);
  }

  /**
   * Wraps a cube cut by {@link org.lungnodule.core.preprocess.NoduleCubes} (its values are copied
   * once).
   */
  public static LabelledCube of(
      String caseId,
      String patientId,
      org.lungnodule.core.preprocess.NoduleCube cube,
      boolean malignant) {
    return of(caseId, patientId, cube.data(), malignant);
  }

  /** Returns the case id. */
  public String caseId() {
    return caseId;
  }

  /** Returns the patient id. */
  public String patientId() {
    return patientId;
  }

  /** Returns whether the nodule is malignant. */
  public boolean malignant() {
    return malignant;
  }

  /** Returns the number of values. */
  public int length() {
    return values.length;
  }

  /** Returns the values without a copy; callers must not modify them. */
  float[] values() {
    return values;
  }

  /** Returns a copy of the values. */
  public float[] copyValues() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelledCube c && c.caseId.equals(caseId) && c.patientId.equals(patientId);
  }

  @Override
  public int hashCode() {
    return caseId.hashCode() * 31 + patientId.hashCode();
  }

  @Override
  public String toString() {
    return "LabelledCube[" + caseId + ", " + (malignant ? "malignant" : "benign") + "]";
  }
}
