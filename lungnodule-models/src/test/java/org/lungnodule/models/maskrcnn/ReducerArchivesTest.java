package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The reducer archive codec's versions (the archives themselves: FalsePositiveReducerTest). */
class ReducerArchivesTest {

  /** The settings a version-1 reducer without blobs was saved with. */
  private static Map<String, String> v1WithoutBlobs() {
    Map<String, String> m = new TreeMap<>();
    m.put(ReducerArchives.CUBE_KEY, "32");
    m.put(ReducerArchives.WEIGHT_KEY, "0.5");
    m.put(ReducerArchives.CANDIDATE_KEY, "0.05");
    m.put("inputShape", "1x32x32x32");
    return m;
  }

  @Test
  void migrateV1_fillsWhatOldReducersDid() {
    Map<String, String> v2 = ReducerArchives.migrateV1(v1WithoutBlobs());
    Map<String, String> expected = new TreeMap<>(v1WithoutBlobs());
    expected.put(ReducerArchives.VERSION_KEY, "2");
    expected.put(ReducerArchives.NETWORKS_KEY, "1");
    expected.put(ReducerArchives.MIRRORS_KEY, "1");
    expected.put(ReducerArchives.SUPPRESS_KEY, "false");
    expected.put(ReducerArchives.BLOBS_KEY, "false");
    expected.put(ReducerArchives.BLOB_FULL_KEY, "0.0");
    expected.put(ReducerArchives.BLOB_EXCLUSION_KEY, "4.0");
    assertEquals(expected, v2);
  }

  @Test
  void migrateV1_keepsWhatWasSaved() {
    Map<String, String> v1 = v1WithoutBlobs();
    v1.put(ReducerArchives.NETWORKS_KEY, "2");
    v1.put(ReducerArchives.MIRRORS_KEY, "8");
    v1.put(ReducerArchives.SUPPRESS_KEY, "true");
    v1.put(ReducerArchives.BLOB_FULL_KEY, "20.0");
    v1.put(ReducerArchives.BLOB_EXCLUSION_KEY, "0.0");
    v1.put(ReducerArchives.BLOB_PREFIX + "threshold", "0.5");
    Map<String, String> v2 = ReducerArchives.migrateV1(v1);
    Map<String, String> expected = new TreeMap<>(v1);
    expected.put(ReducerArchives.VERSION_KEY, "2");
    expected.put(ReducerArchives.BLOBS_KEY, "true");
    assertEquals(expected, v2);
    // blobs saved before the exclusion was recorded left those within 4 mm to the detector
    v1.remove(ReducerArchives.BLOB_EXCLUSION_KEY);
    assertEquals("4.0", ReducerArchives.migrateV1(v1).get(ReducerArchives.BLOB_EXCLUSION_KEY));
  }

  @Test
  void version_absentIsOneAndUnknownNamesTheKey() {
    assertEquals(1, ReducerArchives.version(v1WithoutBlobs()));
    assertEquals(2, ReducerArchives.version(Map.of(ReducerArchives.VERSION_KEY, "2")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReducerArchives.version(Map.of(ReducerArchives.VERSION_KEY, "3")));
    assertTrue(
        e.getMessage().contains(ReducerArchives.VERSION_KEY) && e.getMessage().contains("'3'"),
        e.getMessage());
  }

  @Test
  void settings_badValuesNameTheSetting() {
    ReducerSettings ok = new ReducerSettings(0.5, 0.05, 8, 20, 0, true);
    assertEquals(ok, ok.withMirrors(4).withMirrors(8));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ok.withMirrors(3));
    assertTrue(e.getMessage().contains("mirror images") && e.getMessage().contains("3"));
    assertThrows(IllegalArgumentException.class, () -> ok.withScoreWeight(1.5));
    assertThrows(IllegalArgumentException.class, () -> ok.withCandidateScore(-0.1));
    assertThrows(IllegalArgumentException.class, () -> ok.withBlobExclusionMm(-1));
    assertThrows(IllegalArgumentException.class, () -> ok.withBlobFullResponse(Double.NaN));
  }
}
