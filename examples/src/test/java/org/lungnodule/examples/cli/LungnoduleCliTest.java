package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LungnoduleCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void version_printsLibraryVersion() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("lungnodule "), out.toString());
  }

  @Test
  void help_listsCommands() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("Commands:"), out.toString());
  }

  @Test
  void noCommand_isUsageError() {
    assertEquals(2, run());
    assertTrue(err.toString().contains("a command is required"), err.toString());
  }

  @Test
  void unknownOption_isUsageError() {
    assertEquals(2, run("--bogus"));
    assertTrue(err.toString().contains("--bogus"), err.toString());
  }
}
