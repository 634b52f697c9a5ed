package org.lungnodule.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's rules, one test each; the run itself is in {@link LocalizationDemoTest}. */
class LocalizationTest {

  private static Localization.Builder complete() {
    return Localization.builder()
        .publicSite(Path.of("sites/LIDC"))
        .site(Path.of("sites/HB"))
        .out(Path.of("out"));
  }

  @Test
  void build_complete_showsItsOptions() {
    Localization l =
        complete()
            .site(LocalizationSite.of("XZ", Path.of("x/patches"), Path.of("x/scans")))
            .models(Localization.Model.CLASSIFIER)
            .preset(Localization.Preset.TINY)
            .seed(9)
            .bootstrap(0)
            .build();
    String s = l.toString();
    assertTrue(s.contains("public LIDC=sites/LIDC"), s);
    assertTrue(s.contains("XZ[classifier x/patches, segmenter x/scans]"), s);
    assertTrue(s.contains("models [CLASSIFIER]") && s.contains("preset TINY"), s);
    assertTrue(s.contains("seed 9") && s.contains("bootstrap 0") && s.contains("alpha 0.05"), s);
  }

  @Test
  void build_leavesTheBuilderReusable() {
    Localization.Builder b = complete();
    assertEquals(b.build().toString(), b.build().toString());
  }

  @Test
  void build_missingPublicSite() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Localization.builder().site(Path.of("HB")).out(Path.of("o")).build());
    assertTrue(e.getMessage().contains("publicSite"), e.getMessage());
  }

  @Test
  void build_noLocalSite() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Localization.builder().publicSite(Path.of("P")).out(Path.of("o")).build());
    assertTrue(e.getMessage().contains("at least one site"), e.getMessage());
  }

  @Test
  void build_missingOut() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Localization.builder().publicSite(Path.of("P")).site(Path.of("HB")).build());
    assertTrue(e.getMessage().contains("out"), e.getMessage());
  }

  @Test
  void build_localSiteNamedLikeThePublicOne() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Localization.builder()
                    .publicSite(Path.of("a/HB"))
                    .site(Path.of("b/HB"))
                    .out(Path.of("o"))
                    .build());
    assertTrue(e.getMessage().contains("public site's name HB"), e.getMessage());
  }

  @Test
  void publicSite_setTwice() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> complete().publicSite(Path.of("other")));
    assertTrue(e.getMessage().contains("already set to LIDC=sites/LIDC"), e.getMessage());
  }

  @Test
  void seed_setTwice() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> complete().seed(1).seed(2));
    assertTrue(e.getMessage().contains("seed was already set to 1"), e.getMessage());
  }

  @Test
  void site_sameNameTwice() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> complete().site(Path.of("other/HB")));
    assertTrue(e.getMessage().contains("site HB was already added"), e.getMessage());
  }

  @Test
  void site_null() {
    assertThrows(NullPointerException.class, () -> complete().site((Path) null));
  }

  @Test
  void models_empty() {
    assertThrows(IllegalArgumentException.class, () -> complete().models(Set.of()));
  }

  @Test
  void bootstrap_one() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> complete().bootstrap(1));
    assertTrue(e.getMessage().contains("got 1"), e.getMessage());
  }

  @Test
  void alpha_outsideZeroOne() {
    assertThrows(IllegalArgumentException.class, () -> complete().alpha(1.0));
    assertThrows(IllegalArgumentException.class, () -> complete().alpha(Double.NaN));
  }

  @Test
  void baselineClassifier_missingFile(@TempDir Path dir) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> complete().baselineClassifier(dir.resolve("none.zip")));
    assertTrue(e.getMessage().contains("none.zip"), e.getMessage());
  }

  @Test
  void baselineSegmenter_setTwice(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("s.zip"), "x");
    assertThrows(
        IllegalStateException.class, () -> complete().baselineSegmenter(f).baselineSegmenter(f));
  }

  @Test
  void title_blank() {
    assertThrows(IllegalArgumentException.class, () -> complete().title(" "));
  }

  @Test
  void preset_parse() {
    assertEquals(Localization.Preset.PAPER, Localization.Preset.parse(" Paper "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Localization.Preset.parse("full"));
    assertTrue(e.getMessage().contains("got 'full'"), e.getMessage());
  }

  @Test
  void model_parse() {
    assertEquals(Localization.Model.SEGMENTER, Localization.Model.parse("segmenter"));
    assertThrows(IllegalArgumentException.class, () -> Localization.Model.parse("detector"));
  }

  @Test
  void localizationSite_namedByItsFolder() {
    LocalizationSite s = LocalizationSite.of(Path.of("data/hb"));
    assertEquals("hb", s.name());
    assertEquals(s.classifierFolder(), s.segmenterFolder());
  }

  @Test
  void localizationSite_badName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LocalizationSite.of(Path.of("data/my site")));
    assertTrue(e.getMessage().contains("'my site'"), e.getMessage());
  }
}
