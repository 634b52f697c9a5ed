package org.lungnodule.examples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.lungnodule.core.LibraryInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/lungnodule}. Each job is a subcommand class in this package, registered
 * in the {@code subcommands} list below.
 *
 * <h2>Errors and output</h2>
 *
 * Every command, at any depth, fails the same way, handled in one place ({@link #fail}): one line
 * {@code lungnodule <command path>: <message>} on stderr (for example {@code lungnodule metrics
 * classify: ...}) and exit code 1, for exceptions and for Errors alike (an OutOfMemoryError or
 * StackOverflowError becomes a line too); the stack trace follows only with {@code --verbose}, an
 * option of every command that may stand before or after any command name. Bad usage (an unknown
 * option, a missing required one) prints the message and a hint and exits 2. While a command runs,
 * {@code System.out} is sent to stderr, so that what libraries print there (ND4J's SameDiff prints
 * "Added differentiated op" lines) never mixes with the command's output: stdout holds only what
 * the command writes, with {@code --json} exactly one JSON object.
 */
@Command(
    name = "lungnodule",
    mixinStandardHelpOptions = true,
    versionProvider = LungnoduleCli.Version.class,
    description =
        "Lung-nodule analysis on chest CT: read, preprocess, detect, classify, measure, fine-tune.",
    subcommands = {
      CommandLine.HelpCommand.class,
      TrainSegmenterCommand.class,
      SegmentCommand.class,
      EvaluateSegmenterCommand.class,
      InspectCommand.class,
      ConvertCommand.class,
      LidcCohortCommand.class,
      LidcSiteCommand.class,
      ImportSiteCommand.class,
      MetricsCommand.class,
      PhantomCommand.class,
      PhantomPreviewCommand.class,
      DemoCommand.class,
      LocalizeCommand.class,
      PreprocessCommand.class,
      TrainClassifierCommand.class,
      ClassifyCommand.class,
    })
public final class LungnoduleCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Print stack traces on failure; inherited by every command at every depth. */
  @CommandLine.Option(
      names = "--verbose",
      description = "Print the stack trace when the command fails.",
      scope = CommandLine.ScopeType.INHERIT)
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Runs the tool and returns its exit code (0 ok, 1 failure, 2 bad usage). */
  public static int execute(String... args) {
    return newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
        .execute(args);
  }

  /**
   * Builds the command line with the house exit codes and error handling, writing to out/err.
   *
   * @param out where commands write their results
   * @param err where failures, usage errors and progress go
   * @return the command line; {@code execute} returns 0 (ok), 1 (failure) or 2 (bad usage)
   */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new LungnoduleCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionStrategy(LungnoduleCli::run);
    cl.setExecutionExceptionHandler(LungnoduleCli::fail);
    cl.setParameterExceptionHandler(new CliSupport.UsageHandler());
    return cl;
  }

  /**
   * Runs the command the arguments name (picocli's RunLast) with {@code System.out} sent to stderr,
   * and turns an Error into the one-line failure; exceptions reach {@link #fail} through picocli's
   * execution-exception handler.
   */
  private static int run(CommandLine.ParseResult parseResult) {
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try {
      return new CommandLine.RunLast().execute(parseResult);
    } catch (Error e) {
      CommandLine.ParseResult last = parseResult;
      while (last.subcommand() != null) {
        last = last.subcommand();
      }
      return fail(e, last.commandSpec().commandLine(), parseResult);
    } finally {
      System.setOut(stdout);
    }
  }

  /**
   * The one failure report of every command: {@code lungnodule <command path>: <message>} on one
   * line of stderr, the stack trace after it with {@code --verbose} at any depth, exit code 1.
   */
  static int fail(Throwable t, CommandLine failed, CommandLine.ParseResult parseResult) {
    PrintWriter err = failed.getCommandSpec().root().commandLine().getErr();
    err.println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(t));
    if (verbose(parseResult)) {
      t.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /**
   * The message of a failure on one line; an Error says what it is, and running out of memory (the
   * failure or one of its causes, as when ND4J wraps JavaCPP's error) says where the limits are
   * set.
   */
  static String oneLine(Throwable t) {
    String m = t.getMessage();
    String text;
    if (t instanceof Error) {
      text = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    } else {
      text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        text +=
            " (bin/lungnodule takes the JVM's options from LUNGNODULE_JAVA_OPTS: -Xmx for the"
                + " heap, -Dorg.bytedeco.javacpp.maxbytes and maxphysicalbytes for ND4J's memory;"
                + " see docs/cli.md)";
        break;
      }
    }
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }

  private static boolean verbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
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
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
