package org.lungnodule.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SiteProfileTest {

  @Test
  void presets_followThePaper() {
    assertEquals(430.0 / 1101, SiteProfile.PUBLIC.malignantPrevalence(), 1e-12);
    assertEquals(537.0 / 963, SiteProfile.HB.malignantPrevalence(), 1e-12);
    assertEquals(387.0 / 785, SiteProfile.XZ.malignantPrevalence(), 1e-12);
    assertEquals(5.0, SiteProfile.HB.minSliceMm());
    assertEquals(5.0, SiteProfile.HB.maxSliceMm());
    assertEquals(0.75, SiteProfile.XZ.minSliceMm());
    assertEquals(2.0, SiteProfile.XZ.maxSliceMm());
    assertEquals(1.0, SiteProfile.PUBLIC.minSliceMm());
    assertEquals(2.5, SiteProfile.PUBLIC.maxSliceMm());
    assertTrue(SiteProfile.HB.blurSigmaMm() < SiteProfile.PUBLIC.blurSigmaMm()); // sharp
    assertTrue(SiteProfile.HB.noiseSigmaHu() > SiteProfile.PUBLIC.noiseSigmaHu());
    assertTrue(SiteProfile.XZ.blurSigmaMm() > SiteProfile.PUBLIC.blurSigmaMm()); // smooth
  }

  @Test
  void preset_byName() {
    assertSame(SiteProfile.HB, SiteProfile.preset("hb"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SiteProfile.preset("LIDC"));
    assertTrue(e.getMessage().contains("LIDC"), e.getMessage());
  }

  @Test
  void effective_strengthZeroImagesLikePublic() {
    for (SiteProfile p : new SiteProfile[] {SiteProfile.HB, SiteProfile.XZ}) {
      SiteProfile e = p.withShiftStrength(0).effective();
      SiteProfile pub = SiteProfile.PUBLIC;
      assertEquals(pub.minSliceMm(), e.minSliceMm(), 1e-12);
      assertEquals(pub.maxSliceMm(), e.maxSliceMm(), 1e-12);
      assertEquals(pub.minPixelMm(), e.minPixelMm(), 1e-12);
      assertEquals(pub.noiseSigmaHu(), e.noiseSigmaHu(), 1e-12);
      assertEquals(pub.blurSigmaMm(), e.blurSigmaMm(), 1e-12);
      assertEquals(pub.huOffset(), e.huOffset(), 1e-12);
      assertEquals(pub.huScale(), e.huScale(), 1e-12);
      assertEquals(AppearanceShift.NONE, e.appearance());
      assertEquals(p.malignantPrevalence(), e.malignantPrevalence());
    }
  }

  @Test
  void effective_strengthOneIsThePreset() {
    assertSame(SiteProfile.HB, SiteProfile.HB.effective());
  }

  @Test
  void effective_strengthTwoGoesFurther() {
    SiteProfile e = SiteProfile.HB.withShiftStrength(2).effective();
    assertEquals(2 * SiteProfile.HB.huOffset(), e.huOffset(), 1e-9);
    assertEquals(
        2 * SiteProfile.HB.noiseSigmaHu() - SiteProfile.PUBLIC.noiseSigmaHu(),
        e.noiseSigmaHu(),
        1e-9);
    assertEquals(5.0, e.minSliceMm(), 1e-12); // spacing saturates at strength 1
    assertTrue(
        e.appearance().malignantSizeScale() < SiteProfile.HB.appearance().malignantSizeScale());
  }

  @Test
  void shiftStrength_negative() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SiteProfile.HB.withShiftStrength(-1));
    assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
  }

  @Test
  void constructor_rejectsBadValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SiteProfile(
                    "X",
                    "s",
                    0.8,
                    0.6,
                    1,
                    2,
                    10,
                    1,
                    0,
                    1,
                    0.5,
                    NoduleMix.DEFAULT,
                    AppearanceShift.NONE,
                    1));
    assertTrue(e.getMessage().contains("pixel spacing"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SiteProfile(
                    "X",
                    "s",
                    0.6,
                    0.8,
                    1,
                    2,
                    10,
                    1,
                    0,
                    1,
                    1.5,
                    NoduleMix.DEFAULT,
                    AppearanceShift.NONE,
                    1));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SiteProfile(
                    "bad name",
                    "s",
                    0.6,
                    0.8,
                    1,
                    2,
                    10,
                    1,
                    0,
                    1,
                    0.5,
                    NoduleMix.DEFAULT,
                    AppearanceShift.NONE,
                    1));
    assertTrue(e.getMessage().contains("bad name"), e.getMessage());
  }

  @Test
  void contourMargin_presetsStrengthAndRange() {
    assertEquals(0.0, SiteProfile.PUBLIC.contourMarginMm());
    assertEquals(1.0, SiteProfile.HB.contourMarginMm());
    assertEquals(1.0, SiteProfile.XZ.contourMarginMm());
    assertEquals(0.0, SiteProfile.XZ.withShiftStrength(0).effective().contourMarginMm(), 1e-12);
    assertEquals(0.5, SiteProfile.XZ.withShiftStrength(0.5).effective().contourMarginMm(), 1e-12);
    assertEquals(2.0, SiteProfile.XZ.withShiftStrength(2).effective().contourMarginMm(), 1e-12);
    assertEquals(3.0, SiteProfile.XZ.withShiftStrength(5).effective().contourMarginMm(), 1e-12);
    SiteProfile tight = SiteProfile.XZ.withContourMarginMm(-1.5);
    assertEquals(-1.5, tight.contourMarginMm());
    assertEquals(SiteProfile.XZ.blurSigmaMm(), tight.blurSigmaMm());
    assertEquals(SiteProfile.XZ.appearance(), tight.appearance());
    // the constructor without a margin outlines at the surface
    SiteProfile plain =
        new SiteProfile(
            "X", "s", 0.6, 0.8, 1, 2, 10, 1, 0, 1, 0.5, NoduleMix.DEFAULT, AppearanceShift.NONE, 1);
    assertEquals(0.0, plain.contourMarginMm());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SiteProfile.XZ.withContourMarginMm(-4));
    assertTrue(
        e.getMessage().contains("contourMarginMm") && e.getMessage().contains("-4"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> SiteProfile.XZ.withContourMarginMm(Double.NaN));
  }

  @Test
  void noduleMix_rejectsFractionsAboveOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NoduleMix(6, 12, 0.4, 0.6, 0.6, 0.2, 0.1, 0.2, 2));
    assertTrue(e.getMessage().contains("1.2"), e.getMessage());
  }

  @Test
  void phantomSize_parse() {
    assertEquals(PhantomSize.FULL, PhantomSize.parse("full"));
    assertThrows(IllegalArgumentException.class, () -> PhantomSize.parse("huge"));
  }
}
