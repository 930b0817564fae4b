package dev.tfjrunner.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.run.RunConfig;
import dev.tfjrunner.run.RunPaths;
import dev.tfjrunner.run.TrainingRun;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tfj-spark train --grid}: each run configuration (the keys of a run.json, any subset) is
 * one Spark task that trains with the ordinary single-machine engine ({@link TrainingRun}) and
 * writes its outputs under the shared {@code home}. Each configuration is its own Spark job, so a
 * task that still fails after Spark's retries fails only its job: the others go on.
 */
public final class GridTraining {

  /** One configuration's end: its run id, or why it failed and after how many attempts. */
  public record Outcome(int entry, String runId, String error) {
    public boolean succeeded() {
      return runId != null;
    }
  }

  private static final Pattern ATTEMPTS = Pattern.compile("failed (\\d+) times");

  private GridTraining() {}

  /** The configurations of a grid file: a JSON array of run configurations, or {"runs": [...]}. */
  public static List<String> readGrid(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
    JsonNode grid = Json.MAPPER.readTree(file.toFile());
    JsonNode runs = grid.isArray() ? grid : grid.path("runs");
    if (!runs.isArray() || runs.isEmpty()) {
      throw new IOException(file + ": expected a non-empty JSON array of run configurations (or {\"runs\": [...]})");
    }
    List<String> configs = new ArrayList<>();
    runs.forEach(run -> configs.add(run.toString()));
    return configs;
  }

  /** Trains every configuration, all at once (as many at a time as the cluster has task slots). */
  public static List<Outcome> run(SparkSession spark, List<String> configs, Path home) throws Exception {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String homeText = home.toAbsolutePath().toString();
    ExecutorService jobs = Executors.newFixedThreadPool(configs.size());
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < configs.size(); i++) {
        int entry = i + 1;
        String config = configs.get(i);
        futures.add(jobs.submit(() -> {
          try {
            return new Outcome(entry, context.parallelize(List.of(config), 1).map(new Train(homeText)).first(), null);
          } catch (Exception e) { // SparkException is checked, though Scala does not declare it
            return new Outcome(entry, null, failure(e));
          }
        }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
      return outcomes;
    } finally {
      jobs.shutdownNow();
    }
  }

  /** Why a job failed, with Spark's attempt count when it gives one. */
  private static String failure(Exception e) {
    Matcher attempts = ATTEMPTS.matcher(String.valueOf(e.getMessage()));
    String cause = SparkCommand.describe(e);
    return attempts.find() ? cause + " (failed " + attempts.group(1) + " attempts)" : cause;
  }

  /** The task: one training run, quiet (tasks share a console), its run id returned. */
  private record Train(String home) implements Function<String, String> {
    @Override
    public String call(String config) throws IOException {
      RunConfig resolved = RunConfig.resolve(Json.MAPPER.readTree(config), Json.MAPPER.createObjectNode());
      Console quiet = new Console(new PrintStream(OutputStream.nullOutputStream()), false);
      TrainingRun run;
      // Run ids have a one-second resolution: reserve the folder before another task of this JVM picks the same id.
      synchronized (GridTraining.class) {
        run = TrainingRun.create(resolved, Path.of(home), quiet);
        try {
          Files.createDirectories(run.paths().runDir());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      run.execute();
      return run.paths().runId();
    }
  }

  /** The finished runs, as {@code ./tfj compare} finds them. */
  public static List<RunPaths> finished(List<Outcome> outcomes, Path home) {
    return outcomes.stream().filter(Outcome::succeeded).map(o -> new RunPaths(home.toAbsolutePath(), o.runId())).toList();
  }
}
