package org.lungnodule.io.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.io.VolumeFiles;

/**
 * {@link Site#split}, {@link Site#splitOf} and {@link Site#hasSplit}: the split column as views.
 */
class SiteSplitTest {

  @TempDir Path dir;

  /**
   * Four scans of three patients, lines 2-6: P1 (train) has two scans, one with two nodules; P2
   * (test) one scan with a nodule; P3 (train) one scan without nodules.
   */
  private static final String ROWS =
      "P1,a,scans/a.mhd,n1,2,3,4,6,MALIGNANT,,%s\n"
          + "P1,a,scans/a.mhd,n2,5,5,5,4,BENIGN,,%s\n"
          + "P2,b,scans/b.mhd,n1,5,5,5,4,BENIGN,,%s\n"
          + "P1,c,scans/c.mhd,n1,6,6,6,4,UNKNOWN,,%s\n"
          + "P3,d,scans/d.mhd,,,,,,,,%s\n";

  private Site site(String header, String rows) throws IOException {
    VolumeGeometry g = VolumeGeometry.of(new Dims(10, 10, 5), new Spacing(1, 1, 2));
    Files.createDirectories(dir.resolve("scans"));
    for (String s : List.of("a", "b", "c", "d")) {
      VolumeFiles.write(CtVolume.filled(g, -1000), dir.resolve("scans/" + s + ".mhd"));
    }
    Files.writeString(dir.resolve(SiteManifest.FILE_NAME), header + "\n" + rows);
    return Site.open(dir);
  }

  private Site withSplit() throws IOException {
    return site(
        SiteManifest.HEADER_WITH_SPLIT,
        String.format(ROWS, "train", "train", "TEST", "train", "train"));
  }

  private Site withoutSplit() throws IOException {
    return site(SiteManifest.HEADER, String.format(ROWS, "", "", "", "", "").replace(",\n", "\n"));
  }

  private static List<String> loadedIds(Site s) {
    List<String> ids = new ArrayList<>();
    for (AnnotatedScan scan : s) {
      ids.add(scan.scanId());
    }
    return ids;
  }

  @Test
  void split_withColumn_viewsHoldOneSideEach() throws IOException {
    Site site = withSplit();
    assertTrue(site.hasSplit());
    assertEquals(Optional.empty(), site.side());

    Site train = site.split(ManifestSplit.TRAIN).orElseThrow();
    assertEquals(Optional.of(ManifestSplit.TRAIN), train.side());
    assertTrue(train.hasSplit());
    assertEquals(List.of("a", "c", "d"), train.scanIds());
    assertEquals(List.of("P1", "P3"), train.patientIds());
    assertEquals(3, train.scanCount());
    assertEquals(3, train.manifest().noduleCount());
    assertEquals(List.of("a", "c", "d"), loadedIds(train));
    assertEquals(List.of("a", "c", "d"), train.stream().map(AnnotatedScan::scanId).toList());
    assertEquals(2, train.load("a").nodules().size());
    assertEquals(dir.toAbsolutePath().normalize(), train.folder());

    Site test = site.split(ManifestSplit.TEST).orElseThrow();
    assertEquals(List.of("b"), test.scanIds());
    assertEquals(List.of("P2"), test.patientIds());
    assertEquals(List.of("b"), loadedIds(test));
    assertEquals(1, test.manifest().noduleCount());
    assertTrue(test.toString().contains("split test"), test.toString());

    assertEquals(List.of("a", "b", "c", "d"), site.scanIds(), "the whole site is unchanged");
  }

  @Test
  void splitOf_withColumn_sideOfEachScan() throws IOException {
    Site site = withSplit();
    assertEquals(Optional.of(ManifestSplit.TRAIN), site.splitOf("a"));
    assertEquals(Optional.of(ManifestSplit.TEST), site.splitOf("b"));
    assertEquals(Optional.of(ManifestSplit.TRAIN), site.splitOf("d"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> site.splitOf("zzz"));
    assertTrue(e.getMessage().contains("scan id zzz is not in the manifest of"), e.getMessage());
  }

  @Test
  void split_withoutColumn_noSplit() throws IOException {
    Site site = withoutSplit();
    assertFalse(site.hasSplit());
    assertEquals(Optional.empty(), site.split(ManifestSplit.TRAIN));
    assertEquals(Optional.empty(), site.split(ManifestSplit.TEST));
    assertEquals(Optional.empty(), site.splitOf("b"));
    assertSame(site, site.split(ManifestSplit.TRAIN).orElse(site));
    assertEquals(List.of("a", "b", "c", "d"), loadedIds(site));
  }

  @Test
  void load_otherSide_refused() throws IOException {
    Site test = withSplit().split(ManifestSplit.TEST).orElseThrow();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> test.load("a"));
    assertTrue(
        e.getMessage().contains("scan id a is not in the test side of the manifest of"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> test.splitOf("a"));
  }

  @Test
  void load_inView_problemNamesLineOfTheFile() throws IOException {
    Site train = withSplit().split(ManifestSplit.TRAIN).orElseThrow();
    Files.delete(dir.resolve("scans/c.mhd"));
    // scan c is the view's second scan but line 5 of manifest.csv
    ManifestException e = assertThrows(ManifestException.class, () -> train.load("c"));
    assertEquals(5, e.line());
    UncheckedIOException u =
        assertThrows(
            UncheckedIOException.class,
            () -> {
              for (AnnotatedScan s : train) {
                s.scanId();
              }
            });
    assertEquals(5, ((ManifestException) u.getCause()).line());
  }

  @Test
  void split_emptySide_emptyView() throws IOException {
    Site site =
        site(
            SiteManifest.HEADER_WITH_SPLIT,
            String.format(ROWS, "train", "train", "train", "train", "train"));
    Site test = site.split(ManifestSplit.TEST).orElseThrow();
    assertEquals(0, test.scanCount());
    assertEquals(List.of(), test.patientIds());
    assertFalse(test.iterator().hasNext());
    assertEquals(4, site.split(ManifestSplit.TRAIN).orElseThrow().scanCount());
  }

  @Test
  void split_ofView_filtersItsRows() throws IOException {
    Site train = withSplit().split(ManifestSplit.TRAIN).orElseThrow();
    assertEquals(train.scanIds(), train.split(ManifestSplit.TRAIN).orElseThrow().scanIds());
    assertEquals(0, train.split(ManifestSplit.TEST).orElseThrow().scanCount());
  }
}
