package org.lungnodule.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the hostile files of issue 30 and reads one of them the way the CLI does ({@link
 * VolumeFiles#read}), to measure the read's RSS and time in a JVM of its own:
 *
 * <pre>
 * java -cp ... org.lungnodule.io.HostileFilesMain write hostile
 * /usr/bin/time -v java -Xmx6g -cp ... org.lungnodule.io.HostileFilesMain read hostile/huge.mha
 * </pre>
 *
 * <p>{@code read} prints the outcome in one line (as the CLI would) and exits 1 on a refusal.
 */
public final class HostileFilesMain {

  private HostileFilesMain() {}

  /**
   * Runs {@code write <dir>} or {@code read <file>}.
   *
   * @throws IOException if writing the files fails
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("write")) {
      Path dir = Files.createDirectories(Path.of(args[1]));
      HostileFiles.rleHuge(dir, "huge-rle.dcm");
      HostileFiles.mhaCompressedHuge(dir, "huge.mha");
      HostileFiles.niftiGzHuge(dir, "huge.nii.gz");
      HostileFiles.niftiGzBomb(dir.resolve("bomb.nii.gz"), 1000, 1_000_000_000L);
      for (String n : new String[] {"huge-rle.dcm", "huge.mha", "huge.nii.gz", "bomb.nii.gz"}) {
        System.out.println(n + " " + Files.size(dir.resolve(n)) + " bytes");
      }
      return;
    }
    if (args.length == 2 && args[0].equals("read")) {
      long t0 = System.nanoTime();
      try {
        System.out.println("read " + VolumeFiles.read(Path.of(args[1])));
      } catch (IOException e) {
        System.out.println("refused: " + e.getMessage());
        System.out.printf("%.2f s%n", (System.nanoTime() - t0) / 1e9);
        System.exit(1);
      }
      System.out.printf("%.2f s%n", (System.nanoTime() - t0) / 1e9);
      return;
    }
    System.err.println("usage: HostileFilesMain write <dir> | read <file>");
    System.exit(2);
  }
}
