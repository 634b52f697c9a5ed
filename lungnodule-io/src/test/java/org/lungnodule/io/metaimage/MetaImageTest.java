package org.lungnodule.io.metaimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lungnodule.io.TestVolumes.assertSameGeometry;
import static org.lungnodule.io.TestVolumes.assertSameVoxels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.TestVolumes;
import org.lungnodule.io.VolumeFormatException;

class MetaImageTest {

  @TempDir Path dir;

  private static String text(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.ISO_8859_1);
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void write_integralVolume_mhdAsShortAndRoundTrips() throws IOException {
    CtVolume v = TestVolumes.integralVolume(TestVolumes.obliqueGeometry(), 1);
    Path mhd = dir.resolve("scan.mhd");
    MetaImage.write(v, mhd);
    assertEquals(List.of("scan.mhd", "scan.raw"), listing());
    String h = text(mhd);
    assertTrue(h.contains("ElementType = MET_SHORT"), h);
    assertTrue(h.contains("ElementDataFile = scan.raw"), h);
    assertEquals(2L * v.dims().voxelCount(), Files.size(dir.resolve("scan.raw")));
    CtVolume back = MetaImage.read(mhd);
    assertSameGeometry(v.geometry(), back.geometry(), 1e-12);
    assertSameVoxels(v, back, 0f);
  }

  @Test
  void write_fractionalVolume_mhaAsFloatAndRoundTrips() throws IOException {
    CtVolume v = TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 2);
    Path mha = dir.resolve("scan.mha");
    MetaImage.write(v, mha);
    assertEquals(List.of("scan.mha"), listing());
    assertTrue(text(mha).contains("ElementType = MET_FLOAT"));
    assertTrue(text(mha).contains("ElementDataFile = LOCAL"));
    CtVolume back = MetaImage.read(mha);
    assertSameGeometry(v.geometry(), back.geometry(), 1e-12);
    assertSameVoxels(v, back, 0f);
  }

  @Test
  void write_outOfShortRange_usesFloat() throws IOException {
    VolumeGeometry g = VolumeGeometry.of(new Dims(2, 1, 1), Spacing.isotropic(1));
    Path mha = dir.resolve("big.mha");
    MetaImage.write(CtVolume.wrap(g, new float[] {40000f, -3f}), mha);
    assertTrue(text(mha).contains("MET_FLOAT"));
    assertArrayEquals(new float[] {40000f, -3f}, MetaImage.read(mha).copyVoxels());
  }

  @Test
  void write_compressedMhd_zrawWithSizeAndRoundTrips() throws IOException {
    CtVolume v = TestVolumes.integralVolume(TestVolumes.obliqueGeometry(), 3);
    Path mhd = dir.resolve("z.mhd");
    MetaImageWriter.builder().compressed(true).build().write(v, mhd);
    String h = text(mhd);
    assertTrue(h.contains("CompressedData = True"), h);
    long size = Files.size(dir.resolve("z.zraw"));
    assertTrue(h.contains("CompressedDataSize = " + size), h);
    assertSameVoxels(v, MetaImage.read(mhd), 0f);
  }

  @Test
  void write_compressedMha_roundTrips() throws IOException {
    CtVolume v = TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 4);
    Path mha = dir.resolve("z.mha");
    MetaImageWriter.builder()
        .compressed(true)
        .elementType(MetaImageElementType.MET_DOUBLE)
        .build()
        .write(v, mha);
    assertTrue(text(mha).contains("MET_DOUBLE"));
    assertSameVoxels(v, MetaImage.read(mha), 0f);
  }

  @Test
  void writeMask_uchar_roundTrips() throws IOException {
    Mask m = TestVolumes.labelMask(TestVolumes.obliqueGeometry(), 5);
    Path mhd = dir.resolve("m.mhd");
    MetaImage.writeMask(m, mhd);
    assertTrue(text(mhd).contains("ElementType = MET_UCHAR"));
    Mask back = MetaImage.readMask(mhd);
    assertArrayEquals(m.copyLabels(), back.copyLabels());
    assertSameGeometry(m.geometry(), back.geometry(), 1e-12);
  }

  @Test
  void readMask_valueNotALabel_refused() throws IOException {
    VolumeGeometry g = VolumeGeometry.of(new Dims(2, 1, 1), Spacing.isotropic(1));
    Path mha = dir.resolve("notmask.mha");
    MetaImage.write(CtVolume.wrap(g, new float[] {1, 300}), mha);
    VolumeFormatException e =
        assertThrows(VolumeFormatException.class, () -> MetaImage.readMask(mha));
    assertTrue(e.getMessage().contains("0..255"), e.getMessage());
  }

  @Test
  void write_fixedShortWithFraction_refusedAndNothingWritten() throws IOException {
    CtVolume v = TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 6);
    MetaImageWriter w =
        MetaImageWriter.builder().elementType(MetaImageElementType.MET_SHORT).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> w.write(v, dir.resolve("x.mhd")));
    assertTrue(e.getMessage().contains("MET_SHORT cannot hold"), e.getMessage());
    assertEquals(List.of(), listing());
  }

  @Test
  void write_badExtension_refused() {
    CtVolume v = TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 6);
    assertThrows(IllegalArgumentException.class, () -> MetaImage.write(v, dir.resolve("x.raw")));
  }

  @Test
  void write_overExisting_replacesAndLeavesNoTemp() throws IOException {
    Path mhd = dir.resolve("a.mhd");
    MetaImage.write(TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 7), mhd);
    CtVolume second = TestVolumes.integralVolume(TestVolumes.obliqueGeometry(), 8);
    MetaImage.write(second, mhd);
    assertSameVoxels(second, MetaImage.read(mhd), 0f);
    assertEquals(List.of("a.mhd", "a.raw"), listing());
  }

  @Test
  void builder_setTwice_illegalState() {
    MetaImageWriter.Builder b = MetaImageWriter.builder().compressed(true);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.compressed(false));
    assertTrue(e.getMessage().contains("true"));
    MetaImageWriter.Builder b2 =
        MetaImageWriter.builder().elementType(MetaImageElementType.MET_FLOAT);
    assertThrows(IllegalStateException.class, () -> b2.elementType(MetaImageElementType.MET_SHORT));
    assertThrows(NullPointerException.class, () -> MetaImageWriter.builder().elementType(null));
  }

  /** Writes a header (text) and raw bytes, returns the header path. */
  private Path handMade(String name, String header, byte[] data) throws IOException {
    Path h = dir.resolve(name);
    Files.writeString(h, header, StandardCharsets.US_ASCII);
    if (data != null) {
      Files.write(dir.resolve("d.raw"), data);
    }
    return h;
  }

  private static final String BASE =
      "ObjectType = Image\nNDims = 3\nDimSize = 2 1 1\nElementSpacing = 1 1 1\n";

  @Test
  void read_transformMatrix_isColumnMajor() throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short) 5)
            .putShort((short) 6);
    Path h =
        handMade(
            "t.mhd",
            "ObjectType = Image\nNDims = 3\nDimSize = 2 1 1\nElementSpacing = 2 3 4\n"
                + "Offset = 10 20 30\nTransformMatrix = 0 1 0 -1 0 0 0 0 1\n"
                + "ElementType = MET_SHORT\nElementDataFile = d.raw\n",
            b.array());
    CtVolume v = MetaImage.read(h);
    // voxel axis x points along world +y, axis y along world -x
    assertEquals(new WorldPoint(10, 22, 30), v.geometry().voxelToWorld(1, 0, 0));
    assertEquals(new WorldPoint(7, 20, 30), v.geometry().voxelToWorld(0, 1, 0));
    assertArrayEquals(new float[] {5, 6}, v.copyVoxels());
  }

  @Test
  void read_bigEndianKeyAlias_swapsBytes() throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(4)
            .order(ByteOrder.BIG_ENDIAN)
            .putShort((short) -1000)
            .putShort((short) 258);
    Path h =
        handMade(
            "be.mhd",
            BASE + "ElementByteOrderMSB = True\nElementType = MET_SHORT\nElementDataFile = d.raw\n",
            b.array());
    assertArrayEquals(new float[] {-1000, 258}, MetaImage.read(h).copyVoxels());
  }

  @Test
  void read_headerSizeMinusOne_takesLastBytes() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(7).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 9).put((byte) 9).put((byte) 9).putShort((short) 11).putShort((short) -12);
    Path h =
        handMade(
            "hs.mhd",
            BASE + "HeaderSize = -1\nElementType = MET_SHORT\nElementDataFile = d.raw\n",
            b.array());
    assertArrayEquals(new float[] {11, -12}, MetaImage.read(h).copyVoxels());
  }

  @Test
  void read_truncatedData_typedErrorNamingSizes() throws IOException {
    Path h =
        handMade(
            "tr.mhd", BASE + "ElementType = MET_FLOAT\nElementDataFile = d.raw\n", new byte[5]);
    VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> MetaImage.read(h));
    assertTrue(
        e.getMessage().contains("truncated") && e.getMessage().contains("8"), e.getMessage());
    assertEquals(dir.resolve("d.raw"), e.path());
  }

  @Test
  void read_truncatedCompressed_typedError() throws IOException {
    Path mha = dir.resolve("c.mha");
    MetaImageWriter.builder()
        .compressed(true)
        .build()
        .write(TestVolumes.floatVolume(TestVolumes.obliqueGeometry(), 9), mha);
    byte[] all = Files.readAllBytes(mha);
    Files.write(mha, java.util.Arrays.copyOf(all, all.length - 30));
    assertThrows(VolumeFormatException.class, () -> MetaImage.read(mha));
  }

  @Test
  void read_hugeClaimTinyCompressed_refusedBeforeAllocating() throws IOException {
    Path h =
        handMade(
            "huge.mhd",
            "ObjectType = Image\nNDims = 3\nDimSize = 2048 2048 400\nCompressedData = True\n"
                + "ElementType = MET_FLOAT\nElementDataFile = d.raw\n",
            new byte[100]);
    VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> MetaImage.read(h));
    assertTrue(e.getMessage().contains("cannot inflate"), e.getMessage());
  }

  @Test
  void write_nameWithSpace_roundTrips() throws IOException {
    CtVolume v = TestVolumes.integralVolume(TestVolumes.obliqueGeometry(), 10);
    Path mhd = dir.resolve("my scan.mhd");
    MetaImage.write(v, mhd);
    assertSameVoxels(v, MetaImage.read(mhd), 0f);
  }

  @Test
  void read_missingDataFile_noSuchFile() throws IOException {
    Path h =
        handMade("m.mhd", BASE + "ElementType = MET_FLOAT\nElementDataFile = gone.raw\n", null);
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MetaImage.read(h));
    assertTrue(e.getMessage().contains("gone.raw"));
  }

  @Test
  void read_headerErrors_clearMessages() throws IOException {
    String[][] cases = {
      {
        "ObjectType = Image\nNDims = 2\nDimSize = 2 1\nElementType = MET_SHORT\nElementDataFile = d.raw\n",
        "NDims must be 3"
      },
      {BASE + "ElementType = MET_LONG\nElementDataFile = d.raw\n", "MET_LONG is not supported"},
      {BASE + "ElementType = MET_SHORT\nElementDataFile = LIST\n", "not supported"},
      {BASE + "ElementType = MET_SHORT\n", "no ElementDataFile"},
      {
        "ObjectType = Image\nNDims = 3\nDimSize = 2 0 1\nElementType = MET_SHORT\nElementDataFile = d.raw\n",
        "DimSize"
      },
      {
        BASE + "ElementSpacing = 1 x 1\nElementType = MET_SHORT\nElementDataFile = d.raw\n",
        "ElementSpacing must be 3 numbers"
      },
      {
        BASE + "ElementNumberOfChannels = 3\nElementType = MET_SHORT\nElementDataFile = d.raw\n",
        "ElementNumberOfChannels"
      },
      {BASE + "just text\nElementType = MET_SHORT\nElementDataFile = d.raw\n", "not 'key = value'"},
      {
        BASE
            + "TransformMatrix = 1 0 0 1 0 0 0 0 1\nElementType = MET_SHORT\nElementDataFile = d.raw\n",
        "singular"
      },
    };
    for (String[] c : cases) {
      Path h = handMade("e.mhd", c[0], new byte[4]);
      VolumeFormatException e =
          assertThrows(VolumeFormatException.class, () -> MetaImage.read(h), c[1]);
      assertTrue(
          e.getMessage().contains(c[1]), () -> "expected '" + c[1] + "' in " + e.getMessage());
    }
  }

  @Test
  void readHeader_missingFile_noSuchFile() {
    assertThrows(NoSuchFileException.class, () -> MetaImage.readHeader(dir.resolve("none.mhd")));
  }

  @Test
  void readHeader_readsNoData() throws IOException {
    Path h =
        handMade(
            "h.mhd",
            BASE + "Offset = 1 2 3\nElementType = MET_UINT\nElementDataFile = absent.raw\n",
            null);
    MetaImageHeader header = MetaImage.readHeader(h);
    assertEquals(MetaImageElementType.MET_UINT, header.elementType());
    assertEquals(new WorldPoint(1, 2, 3), header.geometry().origin());
    assertFalse(header.isLocal());
    assertEquals(8, header.dataBytes());
  }
}
