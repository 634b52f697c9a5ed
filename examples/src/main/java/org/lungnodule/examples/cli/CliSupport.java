package org.lungnodule.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.lungnodule.core.Json;
import picocli.CommandLine;

/** Shared pieces of the subcommands: common options, error handling and JSON output. */
public final class CliSupport {

  private CliSupport() {}

  /** Options every command has: {@code --verbose} and {@code --json}. Use as a {@code @Mixin}. */
  public static final class CommonOptions {
    /** Print stack traces on failure. */
    @CommandLine.Option(
        names = "--verbose",
        description = "Print the stack trace when the command fails.",
        scope = CommandLine.ScopeType.INHERIT)
    public boolean verbose;

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

  /** A failure in a command: one line on stderr, exit code 1, stack trace with --verbose. */
  static final class ExceptionHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
      PrintWriter err = cl.getErr();
      String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      err.println("lungnodule " + cl.getCommandName() + ": " + msg.replace('\n', ' '));
      if (parseResult.hasMatchedOption("--verbose")
          || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))) {
        ex.printStackTrace(err);
      }
      err.flush();
      return 1;
    }
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
