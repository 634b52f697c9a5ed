package org.lungnodule.io.dicom;

import java.util.Objects;
import java.util.Optional;

/**
 * How a folder is turned into a volume: which series, how much the slice spacing may vary, whether
 * irregular spacing is tolerated, whether sub-folders are searched and whether a tilted series is
 * resampled. Immutable; build with {@link #builder()}.
 */
public final class DicomReadOptions {

  /** Default tolerance on slice spacing: 5% of the nominal (median) spacing. */
  public static final double DEFAULT_SPACING_TOLERANCE = 0.05;

  private static final DicomReadOptions DEFAULTS = builder().build();

  private final Optional<String> seriesInstanceUid;
  private final double spacingTolerance;
  private final boolean allowIrregularSpacing;
  private final boolean recursive;
  private final boolean resampleTilted;

  private DicomReadOptions(Builder b) {
    this.seriesInstanceUid = Optional.ofNullable(b.seriesInstanceUid);
    this.spacingTolerance =
        b.spacingTolerance == null ? DEFAULT_SPACING_TOLERANCE : b.spacingTolerance;
    this.allowIrregularSpacing = b.allowIrregularSpacing != null && b.allowIrregularSpacing;
    this.recursive = b.recursive != null && b.recursive;
    this.resampleTilted = b.resampleTilted != null && b.resampleTilted;
  }

  /** Returns the defaults: one series expected, 5% spacing tolerance, no gaps, no sub-folders. */
  public static DicomReadOptions defaults() {
    return DEFAULTS;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the series to read, if one was chosen. */
  public Optional<String> seriesInstanceUid() {
    return seriesInstanceUid;
  }

  /** Returns the tolerance on slice gaps, as a fraction of the nominal spacing. */
  public double spacingTolerance() {
    return spacingTolerance;
  }

  /** Returns whether irregular spacing and missing slices are tolerated (with warnings). */
  public boolean allowIrregularSpacing() {
    return allowIrregularSpacing;
  }

  /** Returns whether sub-folders are searched too. */
  public boolean recursive() {
    return recursive;
  }

  /** Returns whether a tilted (gantry tilt) series is resampled onto an orthogonal grid. */
  public boolean resampleTilted() {
    return resampleTilted;
  }

  @Override
  public String toString() {
    return "DicomReadOptions[series="
        + seriesInstanceUid.orElse("(only one expected)")
        + ", spacingTolerance="
        + spacingTolerance
        + ", allowIrregularSpacing="
        + allowIrregularSpacing
        + ", recursive="
        + recursive
        + ", resampleTilted="
        + resampleTilted
        + "]";
  }

  /** Builder of {@link DicomReadOptions}; each option may be set once. */
  public static final class Builder {
    private String seriesInstanceUid;
    private Double spacingTolerance;
    private Boolean allowIrregularSpacing;
    private Boolean recursive;
    private Boolean resampleTilted;

    private Builder() {}

    /**
     * Chooses the series to read when a folder holds several.
     *
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if empty
     * @throws IllegalStateException if already set
     */
    public Builder seriesInstanceUid(String uid) {
      Objects.requireNonNull(uid, "seriesInstanceUid");
      if (uid.isBlank()) {
        throw new IllegalArgumentException("seriesInstanceUid must not be empty");
      }
      if (seriesInstanceUid != null) {
        throw new IllegalStateException(
            "seriesInstanceUid was already set to " + seriesInstanceUid);
      }
      seriesInstanceUid = uid.trim();
      return this;
    }

    /**
     * Sets how far a gap between neighbouring slices may differ from the nominal (median) gap, as a
     * fraction of it (default 0.05).
     *
     * @throws IllegalArgumentException unless 0 &lt; fraction &lt; 1
     * @throws IllegalStateException if already set
     */
    public Builder spacingTolerance(double fraction) {
      if (!(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException("spacingTolerance must be in (0, 1), got " + fraction);
      }
      if (spacingTolerance != null) {
        throw new IllegalStateException("spacingTolerance was already set to " + spacingTolerance);
      }
      spacingTolerance = fraction;
      return this;
    }

    /**
     * Tolerates missing slices and irregular spacing: the volume then gets the mean spacing (first
     * to last position over slices − 1) and the result lists each irregular gap in its warnings.
     * Off by default: such a series throws a {@link SliceSpacingException}.
     *
     * @throws IllegalStateException if already set
     */
    public Builder allowIrregularSpacing(boolean allow) {
      if (allowIrregularSpacing != null) {
        throw new IllegalStateException(
            "allowIrregularSpacing was already set to " + allowIrregularSpacing);
      }
      allowIrregularSpacing = allow;
      return this;
    }

    /**
     * Searches sub-folders too (off by default).
     *
     * @throws IllegalStateException if already set
     */
    public Builder recursive(boolean on) {
      if (recursive != null) {
        throw new IllegalStateException("recursive was already set to " + recursive);
      }
      recursive = on;
      return this;
    }

    /**
     * Resamples a tilted series (gantry tilt: parallel slices whose positions do not lie on the
     * slice normal) onto an orthogonal grid: direction row cosine, column cosine and their cross
     * product, z spacing the perpendicular distance between slices, origin the first slice's
     * ImagePositionPatient. Each slice is shifted in its plane by linear interpolation; voxels the
     * slice does not cover get -1024 HU. The tilt and the resampling are listed in the result's
     * warnings. Off by default: such a series throws a {@link DicomSeriesException} naming the
     * tilt.
     *
     * @throws IllegalStateException if already set
     */
    public Builder resampleTilted(boolean on) {
      if (resampleTilted != null) {
        throw new IllegalStateException("resampleTilted was already set to " + resampleTilted);
      }
      resampleTilted = on;
      return this;
    }

    /** Returns the options. */
    public DicomReadOptions build() {
      return new DicomReadOptions(this);
    }
  }
}
