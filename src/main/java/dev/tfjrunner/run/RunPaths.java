package dev.tfjrunner.run;

import dev.tfjrunner.report.html.RunPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a run's outputs go, all named by its id ({@code mnist-advanced-20261124-193000}):
 * {@code savedmodels/<id>/} holds run.json, history.json/csv, the final and best SavedModels, the
 * resume checkpoint and the report; {@code tensorboard-logs/<id>/} the event files;
 * {@code graphs/<id>.pb(txt)} the inference graph.
 */
public record RunPaths(Path home, String runId) {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  /** A fresh id for a run of {@code model} on {@code dataset}, unique in {@code home}. */
  public static RunPaths create(Path home, String dataset, String model) {
    String base = dataset + "-" + model + "-" + LocalDateTime.now().format(STAMP);
    String id = base;
    for (int n = 2; Files.exists(home.resolve("savedmodels").resolve(id)); n++) {
      id = base + "-" + n;
    }
    return new RunPaths(home, id);
  }

  /** An existing run, by id or by the path of its folder. */
  public static RunPaths existing(Path home, String run) throws IOException {
    Path asPath = Path.of(run);
    if (Files.isRegularFile(asPath.resolve("run.json"))) {
      Path dir = asPath.toAbsolutePath().normalize();
      return new RunPaths(dir.getParent().getParent(), dir.getFileName().toString());
    }
    RunPaths paths = new RunPaths(home, run);
    if (!Files.isRegularFile(paths.runConfig())) {
      throw new IOException(paths.runDir() + ": not a run folder (no run.json); runs are in " + home.resolve("savedmodels"));
    }
    return paths;
  }

  public Path runDir() {
    return home.resolve("savedmodels").resolve(runId);
  }

  public Path runConfig() {
    return runDir().resolve("run.json");
  }

  /** The run's network as a Keras model config. */
  public Path modelConfig() {
    return runDir().resolve("model-config.json");
  }

  /** The [height, width, channels] of the images the run's model takes. */
  public Path imageShape() {
    return runDir().resolve("image-shape.json");
  }

  public Path history() {
    return runDir().resolve("history.json");
  }

  public Path historyCsv() {
    return runDir().resolve("history.csv");
  }

  public Path finalModel() {
    return runDir().resolve("final");
  }

  public Path bestModel() {
    return runDir().resolve("best");
  }

  /** Training state for {@code train --resume}. */
  public Path checkpoint() {
    return runDir().resolve("checkpoint");
  }

  public Path report() {
    return runDir().resolve("report");
  }

  /** The HTML page of the report. */
  public Path reportPage() {
    return report().resolve(RunPage.FILE_NAME);
  }

  public Path tensorboard() {
    return home.resolve("tensorboard-logs").resolve(runId);
  }

  public Path graphs() {
    return home.resolve("graphs");
  }
}
