package org.lungnodule.examples.cli;

import java.io.PrintWriter;
import org.lungnodule.core.LibraryInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/lungnodule}. Each job is a subcommand class in this package,
 * registered in the {@code subcommands} list below.
 */
@Command(
    name = "lungnodule",
    mixinStandardHelpOptions = true,
    versionProvider = LungnoduleCli.Version.class,
    description = "Lung-nodule analysis on chest CT: read, preprocess, detect, classify, measure, fine-tune.",
    subcommands = {
      CommandLine.HelpCommand.class,
      TrainSegmenterCommand.class,
      SegmentCommand.class,
      EvaluateSegmenterCommand.class,
      InspectCommand.class,
      ConvertCommand.class,
      LidcCohortCommand.class,
      MetricsCommand.class,
      PhantomCommand.class,
      PhantomPreviewCommand.class,
      DemoCommand.class,
      PreprocessCommand.class,
      TrainClassifierCommand.class,
      ClassifyCommand.class,
    })
public final class LungnoduleCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Runs the tool and returns its exit code (0 ok, 1 failure, 2 bad usage). */
  public static int execute(String... args) {
    return newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
        .execute(args);
  }

  /** Builds the command line with the house exit codes and error handling, writing to out/err. */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new LungnoduleCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new CliSupport.ExceptionHandler());
    cl.setParameterExceptionHandler(new CliSupport.UsageHandler());
    return cl;
  }

  /** Main. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Prints the library version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "lungnodule " + LibraryInfo.version(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
