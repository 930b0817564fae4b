package dev.tfjrunner.cli;

import dev.tfjrunner.export.BuildInfo;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tfj}: train, evaluate and export Keras-equivalent image classifiers with TensorFlow Java. */
@Command(
    name = "tfj",
    mixinStandardHelpOptions = true,
    versionProvider = TfjCommand.Version.class,
    description = "Train, evaluate and export Keras-equivalent MNIST / Fashion-MNIST classifiers with TensorFlow Java.",
    subcommands = {
        TrainCommand.class,
        EvaluateCommand.class,
        ReportCommand.class,
        CompareCommand.class,
        SummaryCommand.class,
        PreviewCommand.class,
        PredictCommand.class,
        ExportCommand.class,
        ExportGraphCommand.class,
        EnsembleCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class
    })
public final class TfjCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // A command's first line says which TensorFlow it runs on (two runtimes can be built: -Ptf-2.18).
    if (args.length > 0 && !args[0].startsWith("-") && !args[0].equals("help")) {
      System.err.println(BuildInfo.runtimeDescription());
    }
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (0 ok, 1 failed, 2 bad usage, e.g. a bad option value). */
  public static int execute(String... args) {
    return new CommandLine(new TfjCommand())
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          // One line naming the problem; stack traces only on request.
          commandLine.getErr().println("error: " + describe(e));
          if (Boolean.getBoolean("tfj.debug")) {
            e.printStackTrace(commandLine.getErr());
          }
          return e instanceof OptionChecks.BadOption ? 2 : 1;
        })
        .execute(args);
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    return message.lines().findFirst().orElse(message);
  }

  /** The repository (or install) folder that data/, savedmodels/, tensorboard-logs/ and graphs/ live in. */
  static Path home() {
    return Path.of(System.getProperty("tfj.home", ".")).toAbsolutePath().normalize();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tfj-runner " + BuildInfo.projectVersion() + " on " + BuildInfo.runtimeDescription()};
    }
  }
}
