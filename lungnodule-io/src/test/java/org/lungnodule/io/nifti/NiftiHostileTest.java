package org.lungnodule.io.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.io.HostileFiles;
import org.lungnodule.io.VolumeFormatException;

/**
 * Hostile NIfTI files (issue 30): sizes beyond the memory budget and gzip bombs end in a one-line
 * {@link VolumeFormatException} naming the file, quickly and without a large allocation.
 */
class NiftiHostileTest {

  @TempDir Path dir;

  @AfterEach
  void budget() {
    MemoryBudget.clearLimit();
  }

  private static VolumeFormatException refused(Path file, Executable read) {
    VolumeFormatException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> assertThrows(VolumeFormatException.class, read));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  @Test
  void gz1290Cubed_twoMegabytes_refusedByBudget() throws IOException {
    MemoryBudget.setLimit(1L << 30);
    Path f = HostileFiles.niftiGzHuge(dir, "huge.nii.gz");
    VolumeFormatException e = refused(f, () -> Nifti.read(f));
    assertTrue(
        e.getMessage().contains("1290x1290x1290 voxels, read as 4-byte floats (8.0 GiB)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("more than the memory budget of 1.0 GiB"), e.getMessage());
  }

  @Test
  void gzBomb_overBudget_refusedBeforeInflating() throws IOException {
    // 512^3 uint8 declared and present as zeros (128 MiB inflated from about 130 KB): 512 MiB
    // as floats, over a 64 MiB budget
    MemoryBudget.setLimit(64L << 20);
    Path f = HostileFiles.niftiGzBomb(dir.resolve("bomb.nii.gz"), 512, 512L * 512 * 512);
    assertTrue(Files.size(f) < 1_000_000, "bomb size " + Files.size(f));
    VolumeFormatException e = refused(f, () -> Nifti.readMask(f));
    assertTrue(e.getMessage().contains("512x512x512 voxels"), e.getMessage());
  }

  @Test
  void gz_moreThanDeclared_refusedAfterOneByte() throws IOException {
    Path f = HostileFiles.niftiGzBomb(dir.resolve("more.nii.gz"), 8, 16L << 20);
    VolumeFormatException e = refused(f, () -> Nifti.read(f));
    assertTrue(e.getMessage().contains("gzip data hold more than the 864 bytes"), e.getMessage());
  }

  @Test
  void gz_fewerThanDeclared_refused() throws IOException {
    Path f = HostileFiles.niftiGzBomb(dir.resolve("less.nii.gz"), 8, 500);
    VolumeFormatException e = refused(f, () -> Nifti.read(f));
    assertTrue(e.getMessage().contains("ends early"), e.getMessage());
  }

  @Test
  void gz_exactlyDeclared_read() throws IOException {
    Path f = HostileFiles.niftiGzBomb(dir.resolve("ok.nii.gz"), 8, 512);
    assertEquals(512, Nifti.read(f).dims().voxelCount());
  }

  @Test
  void plain_overBudget_refused() throws IOException {
    Path f = dir.resolve("u8.nii");
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write(HostileFiles.niftiHeader(512, 512, 2));
      out.write(new byte[512 * 512 * 2]);
    }
    MemoryBudget.setLimit(1L << 20);
    VolumeFormatException e = refused(f, () -> Nifti.read(f));
    assertTrue(
        e.getMessage().contains("(2.0 MiB), more than the memory budget of 1.0 MiB"),
        e.getMessage());
    MemoryBudget.setLimit(2L << 20);
    assertEquals(512 * 512 * 2, Nifti.read(f).dims().voxelCount());
  }

  @Test
  void plain_trailingBytes_stillRead() throws IOException {
    // only decompression is held to the declared size; a plain file may carry trailing bytes
    Path f = dir.resolve("trail.nii");
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write(HostileFiles.niftiHeader(2, 2, 2));
      out.write(new byte[8 + 100]);
    }
    assertEquals(8, Nifti.read(f).dims().voxelCount());
  }

  @Test
  void gz_headerOnlyTruncatedStream_refused() throws IOException {
    Path f = dir.resolve("cut.nii.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write(HostileFiles.niftiHeader(4, 4, 4));
      out.write(new byte[64]);
    }
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length - 12));
    refused(f, () -> Nifti.read(f));
  }
}
