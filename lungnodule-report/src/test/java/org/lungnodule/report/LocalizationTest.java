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
  void publicSplit_followsTheManifestsSplitColumn(@TempDir Path dir) throws Exception {
    // a public site whose manifest puts P1 and P3 in train, P2 in test (as lidc-site writes it)
    org.lungnodule.core.VolumeGeometry g =
        org.lungnodule.core.VolumeGeometry.of(
            new org.lungnodule.core.Dims(8, 8, 4), new org.lungnodule.core.Spacing(1, 1, 2));
    Files.createDirectories(dir.resolve("scans"));
    for (String s : java.util.List.of("a", "b", "c")) {
      org.lungnodule.io.VolumeFiles.write(
          org.lungnodule.core.CtVolume.filled(g, -1000), dir.resolve("scans/" + s + ".mha"));
    }
    Files.writeString(
        dir.resolve("manifest.csv"),
        org.lungnodule.io.manifest.SiteManifest.HEADER_WITH_SPLIT
            + "\nP1,a,scans/a.mha,n1,1,1,1,4,MALIGNANT,,train"
            + "\nP2,b,scans/b.mha,n1,1,1,1,4,BENIGN,,test"
            + "\nP3,c,scans/c.mha,n1,1,1,1,4,BENIGN,,train\n");
    Localization l = complete().build();
    java.util.List<String> cases = java.util.List.of("P1", "P2", "P3", "P1");
    java.util.function.Function<String, org.lungnodule.core.NoduleLabel> label =
        p ->
            p.equals("P1")
                ? org.lungnodule.core.NoduleLabel.MALIGNANT
                : org.lungnodule.core.NoduleLabel.BENIGN;
    org.lungnodule.finetune.SiteSplit<String> split = l.publicSplit(dir, cases, label, p -> p);
    assertEquals(java.util.List.of("P1", "P3", "P1"), split.fineTune());
    assertEquals(java.util.List.of("P2"), split.test());
    assertEquals(2, split.report().fineTuneMalignant());
    assertEquals(1, split.report().testBenign());
    assertEquals(2, split.report().fineTunePatients());

    // without the column: 8:2 by patient, seeded (every patient on one side)
    Files.writeString(
        dir.resolve("manifest.csv"),
        org.lungnodule.io.manifest.SiteManifest.HEADER
            + "\nP1,a,scans/a.mha,n1,1,1,1,4,MALIGNANT,"
            + "\nP2,b,scans/b.mha,n1,1,1,1,4,BENIGN,"
            + "\nP3,c,scans/c.mha,n1,1,1,1,4,BENIGN,\n");
    org.lungnodule.finetune.SiteSplit<String> seeded = l.publicSplit(dir, cases, label, p -> p);
    assertEquals(4, seeded.fineTune().size() + seeded.test().size());
    assertTrue(
        seeded.fineTune().stream().noneMatch(seeded.test()::contains), "no patient on both sides");
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

  @Test
  void classifierTask_takesTheTunedRecipe() {
    org.lungnodule.models.classifier.ClassifierRecipe tuned =
        org.lungnodule.models.classifier.ClassifierRecipe.tuned();
    for (Localization.Preset p : Localization.Preset.values()) {
      java.util.Map<String, String> m = p.classifierTask(java.util.List.of()).settings();
      assertEquals(Double.toString(tuned.learningRate()), m.get("learningRate"), p.name());
      assertEquals(Integer.toString(tuned.batchSize()), m.get("batchSize"), p.name());
      assertEquals(Double.toString(tuned.weightDecay()), m.get("weightDecay"), p.name());
      assertEquals(Integer.toString(tuned.testViews()), m.get("testViews"), p.name());
    }
    // the epochs are the preset's (the quick demo's budget), not the recipe's
    assertEquals(
        "12",
        Localization.Preset.QUICK.classifierTask(java.util.List.of()).settings().get("epochs"));
  }
}
