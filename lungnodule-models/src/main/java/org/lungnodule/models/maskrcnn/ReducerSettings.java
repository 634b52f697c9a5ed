package org.lungnodule.models.maskrcnn;

/**
 * The settings of a {@link FalsePositiveReducer} besides its networks and blob filter, as saved
 * with it.
 *
 * @param scoreWeight weight w of the reducer's probability p in the final score {@code p^w ·
 *     s^(1−w)}, in [0, 1]
 * @param candidateScore the detector score down to which candidates are handed to the reducer, in
 *     [0, 1]
 * @param mirrors in how many mirror images each network looks at a candidate: 1, 2, 4 or 8
 * @param blobFullResponse the dot-filter response at which a blob scores 1 ({@link
 *     BlobCandidates#fullResponse()}); 0 or more, positive where the reducer has a blob filter
 * @param blobExclusionMm how far (mm) a blob must lie from every detector candidate to become a
 *     candidate of its own ({@link BlobCandidates#exclusionMm()}); 0 or more
 * @param suppressDuplicates whether a candidate centred in a higher-scoring one is dropped ({@link
 *     MergeStage#suppressDuplicates()})
 */
public record ReducerSettings(
    double scoreWeight,
    double candidateScore,
    int mirrors,
    double blobFullResponse,
    double blobExclusionMm,
    boolean suppressDuplicates) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public ReducerSettings {
    checkUnit(scoreWeight, "score weight");
    checkUnit(candidateScore, "candidate score");
    checkMirrors(mirrors);
    if (!(blobFullResponse >= 0 && Double.isFinite(blobFullResponse))) {
      throw new IllegalArgumentException(
          "blob full response must be 0 or more and finite, got " + blobFullResponse);
    }
    BlobCandidates.checkExclusion(blobExclusionMm);
  }

  /** These settings with another score weight. */
  public ReducerSettings withScoreWeight(double w) {
    return new ReducerSettings(
        w, candidateScore, mirrors, blobFullResponse, blobExclusionMm, suppressDuplicates);
  }

  /** These settings with another candidate score. */
  public ReducerSettings withCandidateScore(double s) {
    return new ReducerSettings(
        scoreWeight, s, mirrors, blobFullResponse, blobExclusionMm, suppressDuplicates);
  }

  /** These settings with another number of mirror images. */
  public ReducerSettings withMirrors(int n) {
    return new ReducerSettings(
        scoreWeight, candidateScore, n, blobFullResponse, blobExclusionMm, suppressDuplicates);
  }

  /** These settings with another blob full response. */
  public ReducerSettings withBlobFullResponse(double r) {
    return new ReducerSettings(
        scoreWeight, candidateScore, mirrors, r, blobExclusionMm, suppressDuplicates);
  }

  /** These settings with another blob exclusion distance. */
  public ReducerSettings withBlobExclusionMm(double mm) {
    return new ReducerSettings(
        scoreWeight, candidateScore, mirrors, blobFullResponse, mm, suppressDuplicates);
  }

  /** These settings with duplicate suppression on or off. */
  public ReducerSettings withSuppressDuplicates(boolean on) {
    return new ReducerSettings(
        scoreWeight, candidateScore, mirrors, blobFullResponse, blobExclusionMm, on);
  }

  static void checkMirrors(int n) {
    if (n != 1 && n != 2 && n != 4 && n != 8) {
      throw new IllegalArgumentException("mirror images must be 1, 2, 4 or 8, got " + n);
    }
  }

  static void checkUnit(double v, String what) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(what + " must be in [0, 1], got " + v);
    }
  }
}
