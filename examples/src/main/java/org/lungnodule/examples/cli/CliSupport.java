package org.lungnodule.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.lungnodule.core.Json;
import picocli.CommandLine;

/** Shared pieces of the subcommands: the --json option, usage errors and result output. */
public final class CliSupport {

  private CliSupport() {}

  /**
   * The output option of the commands that print results, {@code --json}; use it as a picocli
   * mixin. ({@code --verbose} belongs to the root command, and every command inherits it.)
   */
  public static final class CommonOptions {
    /** Print results as one JSON object. */
    @CommandLine.Option(names = "--json", description = "Print the results as one JSON object.")
    public boolean json;
  }

  /**
   * Prints a result map: as one JSON object with {@code --json}, else as aligned "key: value"
   * lines.
   */
  public static void print(CommandLine.Model.CommandSpec spec, boolean json, Map<String, ?> result) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(result));
    } else {
      int w = result.keySet().stream().mapToInt(String::length).max().orElse(0);
      for (Map.Entry<String, ?> e : result.entrySet()) {
        Object v = e.getValue();
        String text = v instanceof String || v instanceof Number ? String.valueOf(v) : Json.write(v);
        out.printf("%-" + w + "s  %s%n", e.getKey(), text);
      }
    }
    out.flush();
  }

  /** Bad usage: the message and a hint, exit code 2. */
  static final class UsageHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      PrintWriter err = cl.getErr();
      err.println("lungnodule: " + ex.getMessage());
      err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return 2;
    }
  }
}
