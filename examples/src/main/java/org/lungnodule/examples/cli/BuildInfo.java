package org.lungnodule.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The git commit of the code that runs, for the provenance {@code train-segmenter} writes: {@code
 * git rev-parse HEAD} in the folder the running lungnodule classes were loaded from (in a checkout,
 * {@code examples/target/lungnodule-VERSION/lib/} or {@code examples/target/classes/}), with {@code
 * -dirty} when tracked files have uncommitted changes. It is the checkout's commit at the time of
 * the run, so it names the build's commit only when the distribution was built from that checkout
 * as it stands. {@code unknown} where there is no git, no repository around the classes, or git
 * does not answer within 10 seconds; never an error.
 */
final class BuildInfo {

  private static final String UNKNOWN = "unknown";

  private BuildInfo() {}

  /** The commit as described above, or {@code unknown}. */
  static String commit() {
    Path dir;
    try {
      Path loc =
          Path.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      dir = Files.isDirectory(loc) ? loc : loc.getParent();
    } catch (RuntimeException | java.net.URISyntaxException e) {
      return UNKNOWN;
    }
    if (dir == null) {
      return UNKNOWN;
    }
    String head = git(dir, "rev-parse", "HEAD");
    if (head == null || !head.matches("[0-9a-f]{40}")) {
      return UNKNOWN;
    }
    String status = git(dir, "status", "--porcelain", "--untracked-files=no");
    return status == null || status.isEmpty() ? head : head + "-dirty";
  }

  /** The output of one git command in {@code dir}, stripped, or null if it did not succeed. */
  private static String git(Path dir, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
