package dev.tfjrunner.cli;

import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.run.RunEnsemble;
import dev.tfjrunner.run.RunEvaluation;
import dev.tfjrunner.run.RunPaths;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfj report --run RUN}: the evaluation report of a trained run. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Evaluate a run's SavedModel on the test set and write its report into savedmodels/<run-id>/report/: per-class precision/recall/F1, the confusion matrix (table and PNG), loss and accuracy curves, a 5x5 grid of test predictions and the most confidently wrong examples (report.json, report.txt, PNGs), and the HTML page index.html that shows them with the run's configuration and history.")
final class ReportCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, paramLabel = "RUN", description = "Run id (folder in savedmodels/) or path of the run folder; or an ensemble's folder (report in <ensemble>/report/).")
  String run;

  @Option(names = "--model", paramLabel = "final|best", description = "Which SavedModel of the run (default: final).")
  String which = "final";

  @Option(names = "--seed", description = "Seeds the choice of the 25 test images in the grid (default: 42).")
  long seed = 42;

  @Override
  public Integer call() throws Exception {
    Path home = TfjCommand.home();
    Optional<Path> ensemble = EvaluateCommand.ensemble(home, run, which);
    if (ensemble.isPresent()) {
      RunEnsemble.report(ensemble.get(), home, seed, Console.system());
    } else {
      RunEvaluation.report(RunPaths.existing(home, run), which, seed, Console.system());
    }
    return 0;
  }
}
