package dev.tfjrunner.run;

import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.export.KerasArchiveExport;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Re-exports a run's serving SavedModel from what training left on disk: the resume checkpoint
 * (the state after the last completed epoch, so also a run that was killed) or the ModelCheckpoint's
 * best model. The variables are restored by name straight into the serving graph, which reads
 * only the weights it has: a training checkpoint's optimizer slots and a SavedModel's lack of them
 * both work.
 */
public final class RunExport {

  public enum Source {
    /** {@code savedmodels/<run>/checkpoint/variables}; exports to {@code final} by default. */
    CHECKPOINT,
    /** The variables of {@code savedmodels/<run>/best}; re-exports {@code best} in place by default. */
    BEST;

    public static Source parse(String text) {
      for (Source s : values()) {
        if (s.name().equalsIgnoreCase(text)) {
          return s;
        }
      }
      throw new IllegalArgumentException("export source must be checkpoint or best, got '" + text + "'");
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What an export did.
   *
   * @param epochs epochs the run had completed when its checkpoint was saved (0 if unknown)
   */
  public record Result(Path directory, Path variables, int epochs) {}

  private RunExport() {}

  /** Exports atomically to {@code target}, or to the source's default folder when it is null. */
  public static Result export(RunPaths paths, Source from, Path target) throws IOException {
    RunConfig config = Json.read(paths.runConfig(), RunConfig.class);
    Path variables = variables(paths, from);
    Path directory = target != null ? target : from == Source.CHECKPOINT ? paths.finalModel() : paths.bestModel();
    History.Record history = history(paths);
    Map<String, Double> best = TrainingRun.bestLogs(history, config);
    Map<String, Double> last = from == Source.CHECKPOINT ? TrainingRun.lastLogs(history) : best;
    List<String> classNames = config.data().resolvedClassNames();
    ModelSpec spec = RunModel.load(paths, config);
    try (ServingExporter exporter = new ServingExporter(spec)) {
      AtomicOutput.writeDirectory(directory, temporary -> exporter.exportCheckpoint(variables, temporary,
          classNames, TrainingRun.metadata(config, spec, paths, last, best)));
    }
    return new Result(directory, variables, history.epochs().size());
  }

  /** Writes the run's model with the {@code from} weights as a Keras 3 {@code .keras} archive at {@code target}. */
  public static Result exportKeras(RunPaths paths, Source from, Path target) throws IOException {
    RunConfig config = Json.read(paths.runConfig(), RunConfig.class);
    Path variables = variables(paths, from);
    KerasArchiveExport.export(RunModel.load(paths, config), variables, target);
    return new Result(target, variables, history(paths).epochs().size());
  }

  /** The checkpoint prefix of the {@code from} variables; they must exist. */
  private static Path variables(RunPaths paths, Source from) throws IOException {
    Path variables = switch (from) {
      case CHECKPOINT -> {
        AtomicOutput.recover(paths.checkpoint());
        yield TrainingState.variablesPrefix(paths.checkpoint());
      }
      case BEST -> {
        AtomicOutput.recover(paths.bestModel());
        // A SavedModel keeps variables/variables.*; a weights-only ModelCheckpoint save, variables.*.
        Path savedModel = paths.bestModel().resolve("variables").resolve("variables");
        yield Files.isDirectory(paths.bestModel().resolve("variables")) ? savedModel : paths.bestModel().resolve("variables");
      }
    };
    if (!Files.isRegularFile(variables.resolveSibling(variables.getFileName() + ".index"))) {
      throw new IOException(variables.getParent() + ": no " + from.id() + " variables to export from ("
          + variables.getFileName() + ".index missing)");
    }
    return variables;
  }

  /** The epochs recorded with the resume checkpoint (the newest), else history.json, else none. */
  private static History.Record history(RunPaths paths) throws IOException {
    if (Files.isRegularFile(paths.checkpoint().resolve(TrainingState.STATE_FILE))) {
      return TrainingState.read(paths.checkpoint()).history();
    }
    if (Files.isRegularFile(paths.history())) {
      return Json.read(paths.history(), History.Record.class);
    }
    return new History.Record(List.of(), null);
  }
}
