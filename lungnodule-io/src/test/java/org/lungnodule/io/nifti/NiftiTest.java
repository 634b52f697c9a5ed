package org.lungnodule.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lungnodule.io.TestVolumes.assertSameGeometry;
import static org.lungnodule.io.TestVolumes.assertSameVoxels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.TestVolumes;
import org.lungnodule.io.VolumeFormatException;
import org.lungnodule.io.internal.SampleType;

class NiftiTest {

  @TempDir Path dir;

  @Test
  void write_integral_int16RoundTripsWithGeometry() throws IOException {
    CtVolume v = TestVolumes.integralVolume(TestVolumes.obliqueGeometry(), 1);
    Path f = dir.resolve("a.nii");
    Nifti.write(v, f);
    ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(348, h.getInt(0));
    assertEquals(4, h.getShort(70)); // int16
    assertEquals(1, h.getShort(252)); // qform_code
    assertEquals(1, h.getShort(254)); // sform_code
    assertEquals(352 + 2L * v.dims().voxelCount(), Files.size(f));
    CtVolume back = Nifti.read(f);
    assertSameGeometry(v.geometry(), back.geometry(), 1e-4); // header stores float32
    assertSameVoxels(v, back, 0f);
  }

  @Test
  void write_lpsToRas_flipsXandYInSform() throws IOException {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(2, 2, 2),
            new Spacing(0.5, 0.75, 2),
            new WorldPoint(10, -20, 30),
            Direction.IDENTITY);
    Path f = dir.resolve("ras.nii");
    Nifti.write(CtVolume.filled(g, 0), f);
    ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    float[] srow = new float[12];
    for (int i = 0; i < 12; i++) {
      srow[i] = h.getFloat(280 + 4 * i);
    }
    // RAS affine = diag(-1,-1,1) * LPS affine
    assertArrayEquals(new float[] {-0.5f, 0, 0, -10, 0, -0.75f, 0, 20, 0, 0, 2, 30}, srow, 0f);
    // quaternion of diag(-1,-1,1): a rotation by 180 deg about z -> (b, c, d) = (0, 0, 1)
    assertArrayEquals(
        new float[] {0, 0, 1},
        new float[] {h.getFloat(256), h.getFloat(260), h.getFloat(264)},
        1e-7f);
    assertArrayEquals(
        new float[] {-10, 20, 30},
        new float[] {h.getFloat(268), h.getFloat(272), h.getFloat(276)},
        0f);
  }

  @Test
  void write_fractional_float32GzRoundTrips() throws IOException {
    CtVolume v = TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 2);
    Path f = dir.resolve("b.nii.gz");
    Nifti.write(v, f);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
      ByteBuffer h = ByteBuffer.wrap(in.readNBytes(352)).order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(16, h.getShort(70));
    }
    CtVolume back = Nifti.read(f);
    assertSameGeometry(v.geometry(), back.geometry(), 1e-4);
    assertSameVoxels(v, back, 0f);
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("b.nii.gz"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void readGeometry_qformOnly_matchesSformOfSameWrite() throws IOException {
    // the same file with sform_code zeroed must give the same geometry from the quaternion
    CtVolume v = TestVolumes.integralVolume(TestVolumes.obliqueGeometry(), 3);
    Path f = dir.resolve("q.nii");
    Nifti.write(v, f);
    byte[] b = Files.readAllBytes(f);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(254, (short) 0);
    Files.write(f, b);
    assertSameGeometry(v.geometry(), Nifti.readGeometry(f), 1e-4);
  }

  @Test
  void read_bigEndian_sameAsLittleEndian() throws IOException {
    VolumeGeometry g = VolumeGeometry.of(new Dims(3, 1, 1), new Spacing(1, 2, 3));
    ByteBuffer b = ByteBuffer.allocate(352 + 6).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0, 348);
    short[] dim = {3, 3, 1, 1, 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, dim[i]);
    }
    b.putShort(70, (short) 4).putShort(72, (short) 16);
    b.putFloat(76, 1).putFloat(80, 1).putFloat(84, 2).putFloat(88, 3);
    b.putFloat(108, 352).putFloat(112, 2).putFloat(116, -1000);
    b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    b.putShort(352, (short) 0).putShort(354, (short) 300).putShort(356, (short) -1);
    Path f = dir.resolve("be.nii");
    Files.write(f, b.array());
    CtVolume v = Nifti.read(f);
    assertArrayEquals(new float[] {-1000, -400, -1002}, v.copyVoxels(), 0f);
    // pixdim only: RAS axes, so LPS direction diag(-1,-1,1)
    assertArrayEquals(
        new double[] {-1, 0, 0, 0, -1, 0, 0, 0, 1}, v.geometry().direction().toRowMajor(), 0);
    assertEquals(g.spacing(), v.spacing());
  }

  @Test
  void quaternion_nonOrthonormal_null() {
    Direction shear = Direction.ofRowMajor(1, 0.3, 0, 0, 1, 0, 0, 0, 1);
    assertNull(Nifti.quaternion(shear));
  }

  @Test
  void write_shearedGrid_sformOnlyAndRoundTrips() throws IOException {
    double n = Math.sqrt(1 + 0.09);
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(2, 2, 2),
            Spacing.isotropic(1),
            new WorldPoint(0, 0, 0),
            Direction.ofColumns(
                new double[] {1, 0, 0}, new double[] {0.3 / n, 1 / n, 0}, new double[] {0, 0, 1}));
    Path f = dir.resolve("s.nii");
    Nifti.write(CtVolume.filled(g, 1), f);
    assertEquals(
        0, ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getShort(252));
    assertSameGeometry(g, Nifti.readGeometry(f), 1e-6);
  }

  @Test
  void writeMask_uint8RoundTrips() throws IOException {
    Mask m = TestVolumes.labelMask(TestVolumes.obliqueGeometry(), 4);
    Path f = dir.resolve("m.nii.gz");
    Nifti.writeMask(m, f);
    Mask back = Nifti.readMask(f);
    assertArrayEquals(m.copyLabels(), back.copyLabels());
  }

  private Path header(java.util.function.Consumer<ByteBuffer> edit) throws IOException {
    ByteBuffer b =
        ByteBuffer.wrap(
            Nifti.header(
                VolumeGeometry.of(new Dims(2, 1, 1), Spacing.isotropic(1)), SampleType.INT16));
    b.order(ByteOrder.LITTLE_ENDIAN);
    edit.accept(b);
    Path f = dir.resolve("h.nii");
    byte[] data = new byte[b.capacity() + 4];
    System.arraycopy(b.array(), 0, data, 0, b.capacity());
    Files.write(f, data);
    return f;
  }

  @Test
  void read_badHeaders_clearMessages() throws IOException {
    Object[][] cases = {
      {(java.util.function.Consumer<ByteBuffer>) b -> b.putInt(0, 540), "NIfTI-2"},
      {(java.util.function.Consumer<ByteBuffer>) b -> b.putInt(0, 12), "sizeof_hdr"},
      {(java.util.function.Consumer<ByteBuffer>) b -> b.put(345, (byte) 'i'), "ni1"},
      {(java.util.function.Consumer<ByteBuffer>) b -> b.put(344, (byte) 0), "magic"},
      {(java.util.function.Consumer<ByteBuffer>) b -> b.putShort(70, (short) 128), "datatype 128"},
      {
        (java.util.function.Consumer<ByteBuffer>)
            b -> b.putShort(40, (short) 4).putShort(48, (short) 5),
        "dim[4] = 5"
      },
      {(java.util.function.Consumer<ByteBuffer>) b -> b.putFloat(108, 100), "vox_offset"},
      {
        (java.util.function.Consumer<ByteBuffer>)
            b -> {
              for (int i = 0; i < 12; i++) {
                b.putFloat(280 + 4 * i, 0);
              }
            },
        "degenerate"
      },
    };
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      Path f = header((java.util.function.Consumer<ByteBuffer>) c[0]);
      VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Nifti.read(f));
      assertTrue(e.getMessage().contains((String) c[1]), () -> e.getMessage() + " lacks " + c[1]);
    }
  }

  @Test
  void read_truncatedData_typedError() throws IOException {
    Path f = dir.resolve("t.nii");
    Nifti.write(TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 5), f);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, 400));
    VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Nifti.read(f));
    assertTrue(e.getMessage().contains("ends early"), e.getMessage());
    // a truncated .nii.gz is only noticed while inflating
    Path gz = dir.resolve("t.nii.gz");
    Nifti.write(TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 5), gz);
    byte[] z = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(z, z.length - 40));
    assertThrows(VolumeFormatException.class, () -> Nifti.read(gz));
  }

  @Test
  void read_hugeDims_refusedBeforeAllocating() throws IOException {
    Path f =
        header(
            b -> b.putShort(42, (short) 30000).putShort(44, (short) 30000).putShort(46, (short) 2));
    VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Nifti.read(f));
    assertTrue(e.getMessage().contains("ends early"), e.getMessage());
  }

  @Test
  void read_shortFile_notNifti() throws IOException {
    Path f = dir.resolve("x.nii");
    Files.writeString(f, "hello");
    VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Nifti.read(f));
    assertTrue(e.getMessage().contains("not a NIfTI-1 file"));
  }
}
