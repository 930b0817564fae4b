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
import picocli.CommandLine.Parameters;

/** {@code tfj evaluate RUN}: test loss and accuracy of a saved run's model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Test loss and accuracy of a trained run's SavedModel on its data set's test images.")
final class EvaluateCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN", description = {"Run id (folder in savedmodels/) or path of the run folder;",
      "or an ensemble's folder (tfj ensemble --to), to see each member's and the ensemble's test accuracy."})
  String run;

  @Option(names = "--model", paramLabel = "final|best", description = "Which SavedModel of the run (default: final).")
  String which = "final";

  /** {@code run} as an ensemble folder, if it is one; {@code --model best} is for runs. */
  static Optional<Path> ensemble(Path home, String run, String which) {
    Optional<Path> ensemble = RunEnsemble.find(home, run);
    if (ensemble.isPresent() && !which.equals("final")) {
      throw new IllegalArgumentException("--model " + which + ": " + run
          + " is an ensemble, one SavedModel of its members' final models");
    }
    return ensemble;
  }

  @Override
  public Integer call() throws Exception {
    Path home = TfjCommand.home();
    Optional<Path> ensemble = ensemble(home, run, which);
    if (ensemble.isPresent()) {
      RunEnsemble.evaluate(ensemble.get(), home, Console.system());
    } else {
      RunEvaluation.evaluate(RunPaths.existing(home, run), which, Console.system());
    }
    return 0;
  }
}
