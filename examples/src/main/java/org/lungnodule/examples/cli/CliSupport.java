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
   * How the commands that read a DICOM series read it; use it as a picocli mixin. Its options apply
   * only to DICOM input.
   */
  public static final class DicomInputOptions {
    /** Resample a gantry-tilted series onto an orthogonal grid instead of refusing it. */
    @CommandLine.Option(
        names = "--resample-tilt",
        description =
            "Read a DICOM series with gantry tilt by resampling it onto an orthogonal grid"
                + " (linear interpolation, -1024 HU where no slice has data); refused without.")
    public boolean resampleTilt;

    /** Applies these options to a builder of DICOM read options and returns it. */
    public org.lungnodule.io.dicom.DicomReadOptions.Builder applyTo(
        org.lungnodule.io.dicom.DicomReadOptions.Builder b) {
      if (resampleTilt) {
        b.resampleTilted(true);
      }
      return b;
    }
  }

  /**
   * How many mirror images a segmenter's second stage looks at each candidate in, {@code
   * --mirrors}; use it as a picocli mixin of the commands that run a segmenter.
   */
  public static final class MirrorsOption {
    /** The mirror images, or null for the archive's own count. */
    @CommandLine.Option(
        names = "--mirrors",
        paramLabel = "1|2|4|8",
        description =
            "Mirror images the second stage looks at each candidate in (default: the archive's);"
                + " its time scales with them.")
    public Integer mirrors;

    /**
     * The segmenter with its second stage at {@link #mirrors} mirror images, or as it is without
     * the option.
     *
     * @throws CommandLine.ParameterException if the archive has no second stage or the count is not
     *     1, 2, 4 or 8
     */
    public org.lungnodule.models.maskrcnn.NoduleSegmenter applyTo(
        CommandLine.Model.CommandSpec spec, org.lungnodule.models.maskrcnn.NoduleSegmenter seg) {
      if (mirrors == null) {
        return seg;
      }
      if (seg.reducer().isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--mirrors needs a segmenter with a second stage; this one has none");
      }
      if (mirrors != 1 && mirrors != 2 && mirrors != 4 && mirrors != 8) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--mirrors must be 1, 2, 4 or 8, got " + mirrors);
      }
      return seg.withReducer(seg.reducer().get().withMirrors(mirrors));
    }
  }

  /**
   * Prints a result map: as one JSON object with {@code --json}, else as aligned "key: value"
   * lines.
   */
  public static void print(
      CommandLine.Model.CommandSpec spec, boolean json, Map<String, ?> result) {
    PrintWriter out = spec.commandLine().getOut();
    assert JsonStyle.violations(result).isEmpty()
        : spec.qualifiedName() + " --json: " + JsonStyle.violations(result);
    if (json) {
      out.println(Json.write(result));
    } else {
      int w = result.keySet().stream().mapToInt(String::length).max().orElse(0);
      for (Map.Entry<String, ?> e : result.entrySet()) {
        Object v = e.getValue();
        String text =
            v instanceof String || v instanceof Number ? String.valueOf(v) : Json.write(v);
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
