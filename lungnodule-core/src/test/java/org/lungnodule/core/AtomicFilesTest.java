package org.lungnodule.core;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void write_honoursTheUmask() throws IOException {
    // a file created the ordinary way gets 0666 & ~umask; an atomic output must get the same
    Path plain = Files.createFile(dir.resolve("plain"));
    Path out = dir.resolve("out.csv");
    AtomicFiles.write(out, "a,b\n".getBytes(StandardCharsets.UTF_8));
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
    assertEquals(expected, Files.getPosixFilePermissions(out));
    Path folder = AtomicFiles.tempFolderBeside(dir.resolve("series"));
    Path plainDir = Files.createDirectory(dir.resolve("plainDir"));
    assertEquals(Files.getPosixFilePermissions(plainDir), Files.getPosixFilePermissions(folder));
  }

  @Test
  void write_failureLeavesTargetAndNoTemp() throws IOException {
    Path out = dir.resolve("out.txt");
    Files.writeString(out, "old");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.writeStream(
                    out,
                    s -> {
                      s.write(1);
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(out));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count(), "only the target is left");
    }
  }

  @Test
  void replaceFolder_swapsWholeFoldersAndKeepsTheOldOneOnFailure() throws IOException {
    Path site = dir.resolve("site");
    AtomicFiles.replaceFolder(
        site,
        t -> {
          Files.writeString(t.resolve("a.txt"), "first");
          Files.writeString(t.resolve("manifest.csv"), "1");
        });
    assertEquals("first", Files.readString(site.resolve("a.txt")));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.replaceFolder(
                    site,
                    t -> {
                      Files.writeString(t.resolve("a.txt"), "second");
                      throw new IOException("half written");
                    }));
    assertEquals("half written", e.getMessage());
    assertEquals("first", Files.readString(site.resolve("a.txt")));
    AtomicFiles.replaceFolder(site, t -> Files.writeString(t.resolve("b.txt"), "second"));
    assertFalse(Files.exists(site.resolve("a.txt")), "nothing of the old folder is left");
    assertEquals("second", Files.readString(site.resolve("b.txt")));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(site), s.toList(), "no temporary folder is left");
    }
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThrows(IOException.class, () -> AtomicFiles.replaceFolder(file, t -> {}));
  }

  @Test
  void cleanStale_deletesDeadProcessesTempsOnly() throws IOException {
    long dead = deadPid();
    Path stale =
        Files.writeString(
            dir.resolve(".x.csv." + dead + "-0123456789abcdef" + AtomicFiles.TEMP_SUFFIX), "half");
    Path staleDir =
        Files.createDirectory(
            dir.resolve(".s." + dead + "-0123456789abcdee" + AtomicFiles.TEMP_SUFFIX));
    Files.writeString(staleDir.resolve("IM1.dcm"), "x");
    long me = ProcessHandle.current().pid();
    Path live =
        Files.writeString(
            dir.resolve(".y.csv." + me + "-0123456789abcdef" + AtomicFiles.TEMP_SUFFIX), "busy");
    Path other = Files.writeString(dir.resolve(".keep.tmp"), "not ours");
    AtomicFiles.write(dir.resolve("x.csv"), new byte[] {1});
    assertFalse(Files.exists(stale));
    assertFalse(Files.exists(staleDir));
    assertTrue(Files.exists(live));
    assertTrue(Files.exists(other));
  }

  private static long deadPid() {
    long pid = 4_000_000L; // above Linux's pid_max limit (2^22), so never a live process
    assertFalse(ProcessHandle.of(pid).isPresent());
    return pid;
  }
}
