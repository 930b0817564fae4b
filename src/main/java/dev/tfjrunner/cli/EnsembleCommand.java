package dev.tfjrunner.cli;

import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.run.RunEnsemble;
import dev.tfjrunner.run.RunPaths;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfj ensemble --runs A,B,...}: one serving SavedModel averaging several runs' models. */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
    description = {"Combine finished runs' final SavedModels into one serving SavedModel that averages their",
        "probabilities (same signature as a single model); prints each member's and the ensemble's test accuracy."})
final class EnsembleCommand implements Callable<Integer> {

  @Option(names = "--runs", required = true, split = ",", paramLabel = "RUN",
      description = "Run ids (folders in savedmodels/) or run folders, at least two.")
  List<String> runs;

  @Option(names = "--weights", split = ",", paramLabel = "W", description = "One weight per run (default: equal).")
  List<Double> weights = new ArrayList<>();

  @Option(names = "--to", paramLabel = "DIR", description = "Output folder (default: savedmodels/ensemble-<time>).")
  Path to;

  @Override
  public Integer call() throws Exception {
    Path home = TfjCommand.home();
    List<RunPaths> paths = new ArrayList<>();
    for (String run : runs) {
      paths.add(RunPaths.existing(home, run));
    }
    Path directory = to != null ? to : home.resolve("savedmodels")
        .resolve("ensemble-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    RunEnsemble.build(paths, weights, directory, Console.system());
    return 0;
  }
}
