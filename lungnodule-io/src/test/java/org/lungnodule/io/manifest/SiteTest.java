package org.lungnodule.io.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.TestVolumes;

class SiteTest {

  @TempDir Path dir;

  private List<AnnotatedScan> scans() {
    VolumeGeometry g = TestVolumes.obliqueGeometry();
    byte[] lab = new byte[g.dims().voxelCount()];
    lab[g.dims().index(2, 2, 1)] = 1;
    Mask mask = Mask.wrap(g, lab);
    WorldPoint c = g.voxelToWorld(2, 2, 1);
    Nodule n1 = Nodule.of("n/1", c, 6, NoduleLabel.MALIGNANT).withMask(mask);
    Nodule n2 = Nodule.of("n2", g.voxelToWorld(1, 1, 0), 4, NoduleLabel.BENIGN);
    return List.of(
        new AnnotatedScan("P1", "P1-a", TestVolumes.integralVolume(g, 1), List.of(n1, n2)),
        new AnnotatedScan("P2", "P2-a", TestVolumes.integralVolume(g, 2), List.of()));
  }

  @Test
  void writeOpen_roundTripLazily() throws IOException {
    List<AnnotatedScan> in = scans();
    SiteManifest written = Site.write(dir, in, ".mha");
    assertEquals(3, written.entries().size());
    assertTrue(Files.isRegularFile(dir.resolve("masks/P1-a_n_1.mha")));
    Site site = Site.open(dir);
    assertEquals(List.of("P1-a", "P2-a"), site.scanIds());
    assertEquals(List.of("P1", "P2"), site.patientIds());
    List<AnnotatedScan> out = new ArrayList<>();
    site.forEach(out::add);
    assertEquals(2, out.size());
    for (int s = 0; s < 2; s++) {
      assertEquals(in.get(s).patientId(), out.get(s).patientId());
      assertArrayEquals(in.get(s).volume().copyVoxels(), out.get(s).volume().copyVoxels());
      assertEquals(in.get(s).nodules().size(), out.get(s).nodules().size());
    }
    Nodule n1 = out.get(0).nodules().get(0);
    assertEquals("n/1", n1.id());
    assertEquals(NoduleLabel.MALIGNANT, n1.label());
    assertEquals(1, n1.mask().orElseThrow().count());
    assertTrue(n1.mask().get().isSet(2, 2, 1));
    assertFalse(out.get(0).nodules().get(1).mask().isPresent());
    assertEquals(2, site.stream().count());
  }

  @Test
  void iterator_readsOnDemand() throws IOException {
    Site.write(dir, scans(), ".nii.gz");
    Site site = Site.open(dir);
    Iterator<AnnotatedScan> it = site.iterator();
    // deleting the second scan after opening is only noticed when the iteration reaches it
    Files.delete(dir.resolve("scans/P2-a.nii.gz"));
    assertEquals("P1-a", it.next().scanId());
    UncheckedIOException e = assertThrows(UncheckedIOException.class, it::next);
    ManifestException me = (ManifestException) e.getCause();
    assertEquals(4, me.line());
    assertTrue(me.getMessage().contains("cannot read scan scans/P2-a.nii.gz"), me.getMessage());
  }

  @Test
  void load_centreOutside_lineNumber() throws IOException {
    VolumeGeometry g = VolumeGeometry.of(new Dims(4, 4, 4), Spacing.isotropic(1));
    Files.createDirectories(dir.resolve("s"));
    org.lungnodule.io.VolumeFiles.write(CtVolume.filled(g, 0), dir.resolve("s/a.mhd"));
    Files.writeString(
        dir.resolve("manifest.csv"),
        SiteManifest.HEADER
            + "\nP,a,s/a.mhd,n1,1,1,1,2,BENIGN,\nP,a,s/a.mhd,n2,1,1,40,2,BENIGN,\n");
    Site site = Site.open(dir);
    ManifestException e = assertThrows(ManifestException.class, () -> site.load("a"));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("outside scan a"));
    assertThrows(IllegalArgumentException.class, () -> site.load("zzz"));
  }

  @Test
  void open_noManifest_noSuchFile() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Site.open(dir));
    assertTrue(e.getMessage().contains("manifest.csv"));
  }
}
