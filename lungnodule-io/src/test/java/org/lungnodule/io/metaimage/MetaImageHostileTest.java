package org.lungnodule.io.metaimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.io.HostileFiles;
import org.lungnodule.io.VolumeFormatException;

/**
 * Hostile MetaImage files (issue 30): data files outside the header's folder, sizes beyond the
 * memory budget, compressed data that hold more than declared. Each ends in a one-line {@link
 * VolumeFormatException} naming the header, quickly and without a large allocation.
 */
class MetaImageHostileTest {

  @TempDir Path tmp;
  Path site;
  Path outside;

  @BeforeEach
  void folders() throws IOException {
    site = Files.createDirectories(tmp.resolve("site"));
    outside = Files.createDirectories(tmp.resolve("elsewhere"));
    // a "secret" of 64 bytes outside the header's folder: 4x4x4 MET_UCHAR would expose it
    Files.write(outside.resolve("secret.raw"), new byte[64]);
  }

  @AfterEach
  void budget() {
    MemoryBudget.clearLimit();
  }

  private Path mhd(String name, String dataFile) throws IOException {
    Path h = site.resolve(name);
    Files.writeString(
        h,
        "ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\nElementType = MET_UCHAR\n"
            + "ElementDataFile = "
            + dataFile
            + "\n",
        StandardCharsets.ISO_8859_1);
    return h;
  }

  private static VolumeFormatException refused(Path header, Executable read) {
    VolumeFormatException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> assertThrows(VolumeFormatException.class, read));
    assertTrue(e.getMessage().contains(header.getFileName().toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  @Test
  void elementDataFile_absolutePath_refused() throws IOException {
    Path h = mhd("abs.mhd", outside.resolve("secret.raw").toString());
    VolumeFormatException e = refused(h, () -> MetaImage.read(h));
    assertTrue(
        e.getMessage().contains("ElementDataFile '" + outside.resolve("secret.raw")),
        e.getMessage());
    assertTrue(e.getMessage().contains("is an absolute path"), e.getMessage());
  }

  @Test
  void elementDataFile_etcPasswd_refused() throws IOException {
    Path h = mhd("passwd.mhd", "/etc/passwd");
    VolumeFormatException e = refused(h, () -> MetaImage.read(h));
    assertTrue(e.getMessage().contains("'/etc/passwd' is an absolute path"), e.getMessage());
  }

  @Test
  void elementDataFile_dotDotEscape_refused() throws IOException {
    Path h = mhd("up.mhd", "../elsewhere/secret.raw");
    VolumeFormatException e = refused(h, () -> MetaImage.readMask(h));
    assertTrue(e.getMessage().contains("'../elsewhere/secret.raw' leads outside"), e.getMessage());
  }

  @Test
  void elementDataFile_deepDotDot_refused() throws IOException {
    Path h = mhd("deep.mhd", "../../../../../../../../etc/passwd");
    refused(h, () -> MetaImage.read(h));
  }

  @Test
  void elementDataFile_theFolderItself_refused() throws IOException {
    Path h = mhd("dot.mhd", "sub/..");
    VolumeFormatException e = refused(h, () -> MetaImage.read(h));
    assertTrue(e.getMessage().contains("'sub/..' names the folder"), e.getMessage());
  }

  @Test
  void elementDataFile_linkToFileOutside_refused() throws IOException {
    Path link = site.resolve("link.raw");
    assumeTrue(symlink(link, outside.resolve("secret.raw")), "symbolic links unsupported");
    Path h = mhd("link.mhd", "link.raw");
    VolumeFormatException e = refused(h, () -> MetaImage.read(h));
    assertTrue(e.getMessage().contains("'link.raw' is a link to"), e.getMessage());
  }

  @Test
  void elementDataFile_subfolderAndDotDotThatStaysInside_read() throws IOException {
    Files.createDirectories(site.resolve("data"));
    Files.write(site.resolve("data/x.raw"), new byte[64]);
    assertEquals(4, MetaImage.read(mhd("a.mhd", "data/x.raw")).dims().nx());
    assertEquals(4, MetaImage.read(mhd("b.mhd", "data/../data/x.raw")).dims().nx());
  }

  @Test
  void linkedHeaderAndData_dataBesideRealHeader_read() throws IOException {
    // site/scan.mhd -> elsewhere/scan.mhd and site/scan.raw -> elsewhere/scan.raw: a site that
    // links to a data set kept on another disk
    Path real = outside.resolve("scan.mhd");
    Files.writeString(
        real, "NDims = 3\nDimSize = 4 4 4\nElementType = MET_UCHAR\nElementDataFile = scan.raw\n");
    Files.write(outside.resolve("scan.raw"), new byte[64]);
    assumeTrue(symlink(site.resolve("scan.mhd"), real), "symbolic links unsupported");
    assumeTrue(symlink(site.resolve("scan.raw"), outside.resolve("scan.raw")), "no links");
    CtVolume v = MetaImage.read(site.resolve("scan.mhd"));
    assertEquals(64, v.dims().voxelCount());
  }

  @Test
  void compressed1290Cubed_twoMegabytes_refusedByBudget() throws IOException {
    MemoryBudget.setLimit(1L << 30);
    Path f = HostileFiles.mhaCompressedHuge(site, "huge.mha");
    VolumeFormatException e = refused(f, () -> MetaImage.read(f));
    assertTrue(e.getMessage().contains("1290x1290x1290 voxels"), e.getMessage());
    assertTrue(e.getMessage().contains("more than the memory budget of 1.0 GiB"), e.getMessage());
    assertTrue(e.getMessage().contains(MemoryBudget.PROPERTY), e.getMessage());
  }

  @Test
  void uncompressedWithinFile_overBudget_refused() throws IOException {
    // 512x512x2 bytes = 512 KiB on disk, 2 MiB as floats
    Path h = site.resolve("u8.mhd");
    Files.writeString(
        h, "NDims = 3\nDimSize = 512 512 2\nElementType = MET_UCHAR\nElementDataFile = u8.raw\n");
    Files.write(site.resolve("u8.raw"), new byte[512 * 512 * 2]);
    MemoryBudget.setLimit(1L << 20);
    VolumeFormatException e = refused(h, () -> MetaImage.read(h));
    assertTrue(
        e.getMessage().contains("(2.0 MiB), more than the memory budget of 1.0 MiB"),
        e.getMessage());
    MemoryBudget.setLimit(2L << 20);
    assertEquals(512 * 512 * 2, MetaImage.read(h).dims().voxelCount());
    // a mask needs a byte per voxel more
    VolumeFormatException m = refused(h, () -> MetaImage.readMask(h));
    assertTrue(
        m.getMessage().contains("4-byte floats and 1-byte labels (2.5 MiB)"), m.getMessage());
  }

  @Test
  void compressed_moreThanDeclared_refusedAfterOneByte() throws IOException {
    // 8^3 voxels declared, 16 MiB of zeros compressed (about 16 KB): refused after one byte more
    Path f = HostileFiles.mhaZlib(site.resolve("bomb.mha"), 8, 16L << 20);
    VolumeFormatException e = refused(f, () -> MetaImage.read(f));
    assertTrue(
        e.getMessage().contains("hold more than the 512 bytes the header declares"),
        e.getMessage());
  }

  @Test
  void compressed_fewerThanDeclared_refused() throws IOException {
    Path f = HostileFiles.mhaZlib(site.resolve("short.mha"), 8, 500);
    refused(f, () -> MetaImage.read(f));
  }

  @Test
  void compressed_exactlyDeclared_read() throws IOException {
    Path f = HostileFiles.mhaZlib(site.resolve("ok.mha"), 8, 512);
    assertEquals(512, MetaImage.read(f).dims().voxelCount());
  }

  private static boolean symlink(Path link, Path target) {
    try {
      Files.createSymbolicLink(link, target);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
