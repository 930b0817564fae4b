package dev.tfjrunner.spark;

import dev.tfjrunner.export.BuildInfo;
import dev.tfjrunner.serving.Inversion;
import dev.tfjrunner.run.Comparison;
import dev.tfjrunner.run.KerasConversion;
import dev.tfjrunner.run.RunPaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfj-spark}: score data sets with tfj-runner SavedModels and train grids of runs on Spark. */
@Command(
    name = "tfj-spark",
    mixinStandardHelpOptions = true,
    description = "Batch scoring and grid training of tfj-runner models with Apache Spark.",
    subcommands = {SparkCommand.Score.class, SparkCommand.Train.class, SparkBench.class, CommandLine.HelpCommand.class})
public final class SparkCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // A command's first line says which TensorFlow it runs on, as tfj's do.
    if (args.length > 0 && !args[0].startsWith("-") && !args[0].equals("help")) {
      System.err.println(BuildInfo.runtimeDescription());
    }
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (0 ok, 1 failed, 2 bad usage). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** As {@link #execute(String...)} printing to {@code out} and {@code err}. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new SparkCommand())
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + describe(e));
          if (Boolean.getBoolean("tfj.debug")) {
            e.printStackTrace(commandLine.getErr());
          }
          return 1;
        })
        .execute(args);
  }

  /**
   * The first line of the innermost message: a task's exception reaches the driver wrapped in
   * Spark's "Job aborted due to stage failure" exceptions, whose text repeats it with a stack trace.
   */
  static String describe(Throwable e) {
    String message = null;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null) {
        message = cause.getMessage();
      }
    }
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }

  /** The session: {@code --master}, else the one spark-submit set, else the embedded local master. */
  static SparkSession session(String appName, String master) {
    return session(appName, master, "local[*]");
  }

  static SparkSession session(String appName, String master, String localDefault) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (master != null) {
      builder.master(master);
    } else if (System.getProperty("spark.master") == null) {
      builder.master(localDefault);
    }
    SparkSession spark = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "score", mixinStandardHelpOptions = true,
      description = "Classify an image folder, IDX or CSV file with a SavedModel; write Parquet or CSV.")
  static final class Score implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR|FILE",
        description = "The SavedModel (e.g. savedmodels/<run-id>/final), or a Keras model file (.keras, .h5), converted"
            + " once into <tfj.home>/.cache/keras.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "PATH",
        description = "A folder of pictures (recursive; class folders are labels), an IDX images file or a .csv file.")
    String input;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels for an IDX input (for the accuracy).")
    String labels;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Where to write the predictions.")
    String output;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet (default) or csv.")
    String format;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Option(names = "--batch-size", defaultValue = "256", description = "Images per prediction call (default 256).")
    int batchSize;

    @Option(names = "--top", defaultValue = "5", description = "Classes listed per image in top_k (default 5).")
    int top;

    @Option(names = "--invert", defaultValue = "auto", description = "Pictures: auto (default), always or never.")
    String invert;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      String savedModel = model;
      if (KerasConversion.isModelFile(Path.of(model))) {
        KerasConversion.Converted converted = KerasConversion.convert(Path.of(System.getProperty("tfj.home", ".")),
            Path.of(model), null, null);
        out.println(converted.describe(Path.of(model)));
        savedModel = converted.savedModel().toAbsolutePath().toString();
      }
      ScoreOptions options = new ScoreOptions(savedModel, batchSize, top, Inversion.parse(invert));
      ScoreJob.Request request = new ScoreJob.Request(input, labels, output, format, overwrite, options);
      SparkSession spark = session("tfj-spark score", master);
      try {
        ScoreJob.Summary summary = ScoreJob.run(spark, request);
        out.printf(Locale.ROOT, "scored %d images in %.1f s (%.0f images/s), predictions in %s%n",
            summary.images(), summary.seconds(), summary.images() / summary.seconds(), output);
        if (summary.accuracy().labelled() > 0) {
          out.printf(Locale.ROOT, "accuracy: %.4f (%d of %d labelled images)%n", summary.accuracy().value(),
              summary.accuracy().correct(), summary.accuracy().labelled());
        }
        return 0;
      } finally {
        spark.stop();
      }
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = "Train a grid of run configurations, each as one Spark task; print a comparison table.")
  static final class Train implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--grid", required = true, paramLabel = "FILE",
        description = "A JSON array of run configurations (run.json keys, any subset), or {\"runs\": [...]}.")
    Path grid;

    @Option(names = "--output", paramLabel = "DIR",
        description = "Shared folder for the runs' savedmodels/, tensorboard-logs/, graphs/ (default: the repository).")
    Path output;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*,2]).")
    String master;

    @Override
    public Integer call() throws Exception {
      List<String> configs = GridTraining.readGrid(grid);
      Path home = output != null ? output : Path.of(System.getProperty("tfj.home", "."));
      // A local master retries a failed task only when its URL asks for it: [threads, attempts].
      SparkSession spark = session("tfj-spark train", master, "local[*,2]");
      try {
        List<GridTraining.Outcome> outcomes = GridTraining.run(spark, configs, home);
        PrintWriter out = spec.commandLine().getOut();
        List<RunPaths> finished = GridTraining.finished(outcomes, home);
        if (!finished.isEmpty()) {
          out.print(Comparison.of(finished).format());
        }
        for (GridTraining.Outcome outcome : outcomes) {
          if (outcome.succeeded()) {
            out.println("entry " + outcome.entry() + ": " + home.resolve("savedmodels").resolve(outcome.runId()));
          } else {
            spec.commandLine().getErr().println("error: " + grid + " entry " + outcome.entry() + " failed: " + outcome.error());
          }
        }
        return finished.size() == outcomes.size() ? 0 : 1;
      } finally {
        spark.stop();
      }
    }
  }
}
