package org.lungnodule.models.classifier;

import java.util.Objects;
import org.lungnodule.core.preprocess.NoduleCubes;

/**
 * One training example: a nodule cube (channel-major float values, for the default network 3 × 32 ×
 * 64 × 64: channel, z, y, x with x fastest) and whether the nodule is malignant.
 *
 * <p>The array is taken over without a copy (a cube is 1.5 MB; training sets hold hundreds): the
 * caller must not change it afterwards. A cube cut by {@link CubePreprocessing} is kept in HU
 * before windowing ({@link #ofHu}) and windowed each time its values are read: a third of the
 * memory for the default three windows, the same values. Equality is by identity of the case.
 */
public final class LabelledCube {

  private final String caseId;
  private final String patientId;
  private final float[] values; // null when kept in HU
  private final float[] hu; // null when kept as values
  private final NoduleCubes windowing; // with hu
  private final boolean malignant;

  private LabelledCube(
      String caseId,
      String patientId,
      float[] values,
      float[] hu,
      NoduleCubes windowing,
      boolean malignant) {
    this.caseId = caseId;
    this.patientId = patientId;
    this.values = values;
    this.hu = hu;
    this.windowing = windowing;
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
    Objects.requireNonNull(values, "values");
    check(caseId, patientId, values);
    return new LabelledCube(caseId, patientId, values, null, null, malignant);
  }

  /**
   * Wraps a cube kept in HU before windowing ({@link NoduleCubes#extractHu}); its values are {@link
   * NoduleCubes#windowValues} of it, made each time they are read.
   *
   * @param caseId unique identifier of the nodule (used in the provenance hash)
   * @param patientId the patient (validation splits are made by patient)
   * @param hu the HU cube, {@code [z][y][x]}; ownership passes to this object
   * @param windowing the cube shape and windows that make the values
   * @param malignant the label
   * @throws IllegalArgumentException for a blank id, an HU cube whose length does not match the
   *     windowing's shape, or a non-finite value (naming its index)
   */
  public static LabelledCube ofHu(
      String caseId, String patientId, float[] hu, NoduleCubes windowing, boolean malignant) {
    Objects.requireNonNull(hu, "hu");
    Objects.requireNonNull(windowing, "windowing");
    check(caseId, patientId, hu);
    int[] shape = windowing.shape();
    if (hu.length != shape[1] * shape[2] * shape[3]) {
      throw new IllegalArgumentException(
          "hu cube of "
              + caseId
              + " must hold "
              + shape[1]
              + "x"
              + shape[2]
              + "x"
              + shape[3]
              + " values, got "
              + hu.length);
    }
    return new LabelledCube(caseId, patientId, null, hu, windowing, malignant);
  }

  private static void check(String caseId, String patientId, float[] v) {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(patientId, "patientId");
    if (caseId.isBlank() || patientId.isBlank()) {
      throw new IllegalArgumentException(
          "case and patient ids must not be blank, got '" + caseId + "' and '" + patientId + "'");
    }
    if (v.length == 0) {
      throw new IllegalArgumentException("cube of " + caseId + " is empty");
    }
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(
            "cube of " + caseId + " has a non-finite value " + v[i] + " at index " + i);
      }
    }
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
    return values != null ? values.length : windowing.shape()[0] * hu.length;
  }

  /**
   * Returns the values: without a copy when kept as values (callers must not modify them), else
   * windowed from the HU cube into a new array.
   */
  float[] values() {
    return values != null ? values : windowing.windowValues(hu);
  }

  /** Returns a copy of the values. */
  public float[] copyValues() {
    return values != null ? values.clone() : windowing.windowValues(hu);
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
