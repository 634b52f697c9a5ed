package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI's error conventions, for every command at any depth: a failure is one line {@code
 * lungnodule <command path>: <message>} on stderr and exit code 1, whatever was thrown (an
 * exception or an Error such as OutOfMemoryError); the stack trace follows only with {@code
 * --verbose}, which is accepted before or after any command name; bad usage exits 2; stdout holds
 * only the command's own output.
 */
class ErrorConventionsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path dir;

  private CommandLine cli() {
    CommandLine cl =
        LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    // test commands that fail the hard ways, at the top and one level down
    cl.addSubcommand("boom", new Boom());
    cl.getSubcommands().get("metrics").addSubcommand("boom", new Boom());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return cli().execute(args);
  }

  private List<String> errLines() {
    return err.toString().lines().toList();
  }

  /**
   * Throws what {@code --what} names: oom, stack (a real StackOverflowError), state; prints to
   * System.out first.
   */
  @CommandLine.Command(name = "boom", description = "Fails on purpose (test only).")
  static final class Boom implements Callable<Integer> {
    @CommandLine.Mixin CliSupport.CommonOptions common;

    @CommandLine.Option(names = "--what", defaultValue = "state")
    String what;

    private static int recurse(int n) {
      return recurse(n + 1) + 1;
    }

    @Override
    public Integer call() {
      System.out.println("Added differentiated op noise from a library");
      switch (what) {
        case "oom" -> throw new OutOfMemoryError("Java heap space");
        case "stack" -> recurse(0);
        case "print" -> {
          return 0;
        }
        default -> throw new IllegalStateException("bad state\nsecond line");
      }
      return 0;
    }
  }

  private Path badCsv() throws Exception {
    Path p = dir.resolve("only-positives.csv");
    Files.writeString(p, "label,score\n1,0.9\n1,0.4\n");
    return p;
  }

  @Test
  void nestedCommand_errorNamesTheFullCommandPath() throws Exception {
    // used to say "lungnodule classify: ..."
    assertEquals(1, run("metrics", "classify", "--csv", badCsv().toString()));
    assertEquals(1, errLines().size(), err.toString());
    assertTrue(errLines().get(0).startsWith("lungnodule metrics classify: "), err.toString());
    assertTrue(errLines().get(0).contains("only positives"), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void verbose_acceptedAtEveryDepth_addsTheStackTrace() throws Exception {
    String csv = badCsv().toString();
    String[][] placements = {
      {"--verbose", "metrics", "classify", "--csv", csv},
      {"metrics", "--verbose", "classify", "--csv", csv},
      {"metrics", "classify", "--verbose", "--csv", csv},
      {"metrics", "classify", "--csv", csv, "--verbose"},
    };
    for (String[] args : placements) {
      assertEquals(1, run(args), String.join(" ", args) + ": " + err);
      List<String> lines = errLines();
      assertTrue(lines.get(0).startsWith("lungnodule metrics classify: "), err.toString());
      assertTrue(
          lines.size() > 3 && lines.get(1).startsWith("java.lang.IllegalArgumentException"),
          err.toString());
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("\tat ")), err.toString());
    }
  }

  @Test
  void bootstrapTwoBillion_oneLineExitOne() throws Exception {
    // used to end in an OutOfMemoryError with its stack trace
    Path p = dir.resolve("p.csv");
    Files.writeString(
        p,
        "label,score,scoreA,scoreB\n1,0.9,0.9,0.8\n1,0.6,0.6,0.7\n0,0.4,0.4,0.5\n0,0.2,0.2,0.1\n");
    for (String cmd : new String[] {"classify", "compare"}) {
      assertEquals(1, run("metrics", cmd, "--csv", p.toString(), "--bootstrap", "2000000000"));
      assertEquals(
          List.of(
              "lungnodule metrics "
                  + cmd
                  + ": bootstrap replicates must be at most 100000, got 2000000000"),
          errLines());
      assertEquals("", out.toString());
    }
  }

  @Test
  void errors_oneLineExitOne_stackTraceOnlyWithVerbose() {
    String[][] cases = {
      {"oom", "OutOfMemoryError: Java heap space"},
      {"stack", "StackOverflowError"},
      {"state", "bad state second line"},
    };
    for (String[] c : cases) {
      for (String[] path : new String[][] {{"boom"}, {"metrics", "boom"}}) {
        String name = "lungnodule " + String.join(" ", path);
        String[] args = concat(path, "--what", c[0]);
        assertEquals(1, run(args), String.join(" ", args));
        assertEquals(1, errLines().size(), err.toString());
        assertTrue(errLines().get(0).startsWith(name + ": " + c[1]), err.toString());
        assertEquals(1, run(concat(args, "--verbose")));
        assertTrue(
            errLines().size() > 2 && errLines().get(0).startsWith(name + ": " + c[1]),
            err.toString());
        assertTrue(errLines().stream().anyMatch(l -> l.startsWith("\tat ")), err.toString());
      }
    }
  }

  @Test
  void outOfMemory_evenWrapped_namesWhereTheLimitsAreSet() {
    String direct = LungnoduleCli.oneLine(new OutOfMemoryError("Java heap space"));
    assertTrue(direct.startsWith("OutOfMemoryError: Java heap space (bin/lungnodule"), direct);
    assertTrue(direct.contains("LUNGNODULE_JAVA_OPTS") && direct.contains("maxphysicalbytes"));
    // as ND4J reports JavaCPP's physical-memory cap
    String wrapped =
        LungnoduleCli.oneLine(
            new RuntimeException(
                "Failed to allocate 67108864 bytes",
                new OutOfMemoryError("Physical memory usage is too high: physicalBytes > 3.6G")));
    assertTrue(wrapped.startsWith("Failed to allocate 67108864 bytes (bin/lungnodule"), wrapped);
    assertTrue(wrapped.contains("LUNGNODULE_JAVA_OPTS"), wrapped);
    String other = LungnoduleCli.oneLine(new IllegalStateException("bad state"));
    assertEquals("bad state", other);
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void json_libraryPrintsToSystemOut_goToStderr_andSystemOutIsRestored() {
    // ND4J's SameDiff prints "Added differentiated op ..." with System.out.println during training
    PrintStream saved = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream capturedOut = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    System.setOut(capturedOut);
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, run("boom", "--what", "print", "--json"));
      assertSame(capturedOut, System.out, "System.out is restored");
    } finally {
      System.setOut(saved);
      System.setErr(savedErr);
    }
    assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    assertTrue(
        stderr.toString(StandardCharsets.UTF_8).contains("Added differentiated op"),
        stderr.toString());
  }

  @Test
  void verbose_listedOnceInEveryCommandsHelp() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"metrics", "--help"},
          {"metrics", "classify", "--help"},
          {"inspect", "--help"}
        }) {
      assertEquals(0, run(args));
      assertEquals(
          1,
          out.toString().split("Print the stack trace when the command fails", -1).length - 1,
          out.toString());
    }
  }

  @Test
  void usageErrors_stillExitTwo() {
    assertEquals(2, run("metrics", "classify"));
    assertFalse(err.toString().isEmpty());
    assertEquals(2, run("--verbose"));
  }
}
