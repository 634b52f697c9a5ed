package org.lungnodule.io.dicom;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * How {@link Dicom#writeSeries} writes a volume: patient and series identification, UIDs (given, or
 * made deterministically from a seed) and the transfer syntax (Explicit VR Little Endian or RLE
 * Lossless). Immutable; build with {@link #builder()}.
 */
public final class DicomWriteOptions {

  private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
  private static final DicomWriteOptions DEFAULTS = builder().build();

  private final String patientId;
  private final String patientName;
  private final Optional<String> studyInstanceUid;
  private final Optional<String> seriesInstanceUid;
  private final OptionalLong seed;
  private final TransferSyntax transferSyntax;
  private final String seriesDescription;
  private final int seriesNumber;

  private DicomWriteOptions(Builder b) {
    this.patientId = b.patientId == null ? "ANONYMOUS" : b.patientId;
    this.patientName = b.patientName == null ? "Anonymous" : b.patientName;
    this.studyInstanceUid = Optional.ofNullable(b.studyInstanceUid);
    this.seriesInstanceUid = Optional.ofNullable(b.seriesInstanceUid);
    this.seed = b.seed == null ? OptionalLong.empty() : OptionalLong.of(b.seed);
    this.transferSyntax =
        b.transferSyntax == null ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : b.transferSyntax;
    this.seriesDescription =
        b.seriesDescription == null ? "lungnodule export" : b.seriesDescription;
    this.seriesNumber = b.seriesNumber == null ? 1 : b.seriesNumber;
  }

  /** Returns the defaults: Explicit VR Little Endian, patient "ANONYMOUS", UIDs from the data. */
  public static DicomWriteOptions defaults() {
    return DEFAULTS;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns PatientID (0010,0020); default "ANONYMOUS". */
  public String patientId() {
    return patientId;
  }

  /** Returns PatientName (0010,0010); default "Anonymous". */
  public String patientName() {
    return patientName;
  }

  /** Returns the StudyInstanceUID to write, if given (else made from the seed). */
  public Optional<String> studyInstanceUid() {
    return studyInstanceUid;
  }

  /** Returns the SeriesInstanceUID to write, if given (else made from the seed). */
  public Optional<String> seriesInstanceUid() {
    return seriesInstanceUid;
  }

  /**
   * Returns the seed the UIDs are made from, if given; without one, the seed is a hash of the
   * voxels, the geometry and the patient id, so that the same volume always gets the same UIDs.
   */
  public OptionalLong seed() {
    return seed;
  }

  /** Returns the transfer syntax; default Explicit VR Little Endian. */
  public TransferSyntax transferSyntax() {
    return transferSyntax;
  }

  /** Returns SeriesDescription (0008,103E); default "lungnodule export". */
  public String seriesDescription() {
    return seriesDescription;
  }

  /** Returns SeriesNumber (0020,0011); default 1. */
  public int seriesNumber() {
    return seriesNumber;
  }

  @Override
  public String toString() {
    return "DicomWriteOptions[patientId="
        + patientId
        + ", transferSyntax="
        + transferSyntax.title()
        + ", seriesDescription='"
        + seriesDescription
        + "', seriesNumber="
        + seriesNumber
        + studyInstanceUid.map(u -> ", study=" + u).orElse("")
        + seriesInstanceUid.map(u -> ", series=" + u).orElse("")
        + (seed.isPresent() ? ", seed=" + seed.getAsLong() : ", seed=(from data)")
        + "]";
  }

  /** Builder of {@link DicomWriteOptions}; each option may be set once. */
  public static final class Builder {
    private String patientId;
    private String patientName;
    private String studyInstanceUid;
    private String seriesInstanceUid;
    private Long seed;
    private TransferSyntax transferSyntax;
    private String seriesDescription;
    private Integer seriesNumber;

    private Builder() {}

    /**
     * Sets PatientID (a DICOM LO: at most 64 characters, no backslash or control characters).
     *
     * @throws IllegalArgumentException if not a valid LO value or empty
     * @throws IllegalStateException if already set
     */
    public Builder patientId(String id) {
      checkLo("patientId", id);
      if (patientId != null) {
        throw new IllegalStateException("patientId was already set to " + patientId);
      }
      patientId = id;
      return this;
    }

    /**
     * Sets PatientName (at most 64 characters; components separated by '^').
     *
     * @throws IllegalArgumentException if not a valid value or empty
     * @throws IllegalStateException if already set
     */
    public Builder patientName(String name) {
      checkLo("patientName", name);
      if (patientName != null) {
        throw new IllegalStateException("patientName was already set to " + patientName);
      }
      patientName = name;
      return this;
    }

    /**
     * Sets the StudyInstanceUID.
     *
     * @throws IllegalArgumentException if not a valid UID (digits and dots, at most 64)
     * @throws IllegalStateException if already set
     */
    public Builder studyInstanceUid(String uid) {
      checkUid("studyInstanceUid", uid);
      if (studyInstanceUid != null) {
        throw new IllegalStateException("studyInstanceUid was already set to " + studyInstanceUid);
      }
      studyInstanceUid = uid;
      return this;
    }

    /**
     * Sets the SeriesInstanceUID.
     *
     * @throws IllegalArgumentException if not a valid UID (digits and dots, at most 64)
     * @throws IllegalStateException if already set
     */
    public Builder seriesInstanceUid(String uid) {
      checkUid("seriesInstanceUid", uid);
      if (seriesInstanceUid != null) {
        throw new IllegalStateException(
            "seriesInstanceUid was already set to " + seriesInstanceUid);
      }
      seriesInstanceUid = uid;
      return this;
    }

    /**
     * Sets the seed from which the UIDs not given are made (same seed, same UIDs).
     *
     * @throws IllegalStateException if already set
     */
    public Builder seed(long value) {
      if (seed != null) {
        throw new IllegalStateException("seed was already set to " + seed);
      }
      seed = value;
      return this;
    }

    /**
     * Sets the transfer syntax: {@link TransferSyntax#EXPLICIT_VR_LITTLE_ENDIAN} or {@link
     * TransferSyntax#RLE_LOSSLESS}.
     *
     * @throws IllegalArgumentException for another syntax
     * @throws IllegalStateException if already set
     */
    public Builder transferSyntax(TransferSyntax ts) {
      Objects.requireNonNull(ts, "transferSyntax");
      if (!ts.writable()) {
        throw new IllegalArgumentException(
            "transferSyntax must be Explicit VR Little Endian or RLE Lossless, got " + ts);
      }
      if (transferSyntax != null) {
        throw new IllegalStateException("transferSyntax was already set to " + transferSyntax);
      }
      transferSyntax = ts;
      return this;
    }

    /**
     * Sets SeriesDescription (at most 64 characters).
     *
     * @throws IllegalArgumentException if not a valid LO value or empty
     * @throws IllegalStateException if already set
     */
    public Builder seriesDescription(String description) {
      checkLo("seriesDescription", description);
      if (seriesDescription != null) {
        throw new IllegalStateException(
            "seriesDescription was already set to " + seriesDescription);
      }
      seriesDescription = description;
      return this;
    }

    /**
     * Sets SeriesNumber.
     *
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder seriesNumber(int number) {
      if (number < 0) {
        throw new IllegalArgumentException("seriesNumber must be non-negative, got " + number);
      }
      if (seriesNumber != null) {
        throw new IllegalStateException("seriesNumber was already set to " + seriesNumber);
      }
      seriesNumber = number;
      return this;
    }

    /** Returns the options. */
    public DicomWriteOptions build() {
      return new DicomWriteOptions(this);
    }

    private static void checkLo(String what, String v) {
      Objects.requireNonNull(v, what);
      if (v.isBlank() || v.length() > 64) {
        throw new IllegalArgumentException(what + " must have 1 to 64 characters, got '" + v + "'");
      }
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c < 0x20 || c == '\\' || c > 0xFF) {
          throw new IllegalArgumentException(
              what
                  + " must be Latin-1 text without backslash or control characters, got '"
                  + v
                  + "'");
        }
      }
    }

    private static void checkUid(String what, String v) {
      Objects.requireNonNull(v, what);
      if (v.length() > 64 || !UID.matcher(v).matches()) {
        throw new IllegalArgumentException(
            what
                + " must be a DICOM UID (digits and dots, no leading zeros, at most 64), got '"
                + v
                + "'");
      }
    }
  }
}
