package org.lungnodule.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;

class VolumeFilesTest {

  @TempDir Path dir;

  @Test
  void formatOf_table() {
    Object[][] cases = {
      {"a.mhd", VolumeFiles.Format.METAIMAGE},
      {"A.MHA", VolumeFiles.Format.METAIMAGE},
      {"b.nii", VolumeFiles.Format.NIFTI},
      {"b.Nii.Gz", VolumeFiles.Format.NIFTI},
    };
    for (Object[] c : cases) {
      assertEquals(c[1], VolumeFiles.formatOf(Path.of((String) c[0])), (String) c[0]);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VolumeFiles.formatOf(Path.of("x.png")));
    assertTrue(e.getMessage().contains(".mhd, .mha, .nii, .nii.gz or .dcm"), e.getMessage());
  }

  @Test
  void writeRead_everyFormat_sameVolumeAndGeometry() throws IOException {
    CtVolume v = TestVolumes.integralVolume(TestVolumes.obliqueGeometry(), 11);
    for (String name : new String[] {"v.mhd", "v.mha", "v.nii", "v.nii.gz"}) {
      Path f = dir.resolve(name);
      VolumeFiles.write(v, f);
      CtVolume back = VolumeFiles.read(f);
      TestVolumes.assertSameVoxels(v, back, 0f);
      TestVolumes.assertSameGeometry(v.geometry(), back.geometry(), 1e-4);
      TestVolumes.assertSameGeometry(v.geometry(), VolumeFiles.readGeometry(f), 1e-4);
    }
  }

  @Test
  void convert_mhdToNiiToMha_keepsWorldPositions() throws IOException {
    CtVolume v = TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 12);
    VolumeFiles.write(v, dir.resolve("a.mhd"));
    VolumeFiles.write(VolumeFiles.read(dir.resolve("a.mhd")), dir.resolve("b.nii.gz"));
    VolumeFiles.write(VolumeFiles.read(dir.resolve("b.nii.gz")), dir.resolve("c.mha"));
    CtVolume c = VolumeFiles.read(dir.resolve("c.mha"));
    assertEquals(
        v.geometry().voxelToWorld(4, 3, 2).distanceMm(c.geometry().voxelToWorld(4, 3, 2)), 0, 1e-3);
    TestVolumes.assertSameVoxels(v, c, 0f);
  }

  @Test
  void writeReadMask_everyFormat() throws IOException {
    Mask m = TestVolumes.labelMask(TestVolumes.obliqueGeometry(), 13);
    for (String name : new String[] {"m.mhd", "m.mha", "m.nii", "m.nii.gz"}) {
      Path f = dir.resolve(name);
      VolumeFiles.writeMask(m, f);
      assertArrayEquals(m.copyLabels(), VolumeFiles.readMask(f).copyLabels(), name);
    }
  }

  @Test
  void read_dicomFolderAndFile_viaDicomReader() throws IOException {
    // DICOM sorts slices along row x column cosine: use a right-handed oblique grid
    org.lungnodule.core.VolumeGeometry o = TestVolumes.obliqueGeometry();
    org.lungnodule.core.VolumeGeometry g =
        new org.lungnodule.core.VolumeGeometry(
            o.dims(),
            o.spacing(),
            o.origin(),
            org.lungnodule.core.Direction.ofColumns(
                o.direction().axis(0), o.direction().axis(1), new double[] {0, 0, 1}));
    CtVolume v = TestVolumes.integralVolume(g, 14);
    Path series = dir.resolve("series");
    org.lungnodule.io.dicom.Dicom.writeSeries(v, series);
    assertEquals(VolumeFiles.Format.DICOM, VolumeFiles.formatOf(series));
    CtVolume back = VolumeFiles.read(series);
    TestVolumes.assertSameVoxels(v, back, 0f);
    TestVolumes.assertSameGeometry(v.geometry(), back.geometry(), 1e-3);
    TestVolumes.assertSameGeometry(v.geometry(), VolumeFiles.readGeometry(series), 1e-3);
    assertThrows(VolumeFormatException.class, () -> VolumeFiles.readMask(series));
    assertThrows(IllegalArgumentException.class, () -> VolumeFiles.write(v, series));
  }

  @Test
  void read_unknownOrMissing_clearError() throws IOException {
    Path png = Files.writeString(dir.resolve("x.png"), "x");
    VolumeFormatException e =
        assertThrows(VolumeFormatException.class, () -> VolumeFiles.read(png));
    assertTrue(e.getMessage().contains("cannot tell the volume format"), e.getMessage());
    assertEquals(png, e.path());
    assertThrows(
        java.nio.file.NoSuchFileException.class, () -> VolumeFiles.read(dir.resolve("gone.mhd")));
    Path dcm = Files.writeString(dir.resolve("x.dcm"), "not dicom at all");
    assertThrows(IOException.class, () -> VolumeFiles.read(dcm));
  }
}
