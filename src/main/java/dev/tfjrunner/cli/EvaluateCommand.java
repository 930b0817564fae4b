package dev.tfjrunner.cli;

import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.run.DataConfig;
import dev.tfjrunner.run.RunEnsemble;
import dev.tfjrunner.run.RunEvaluation;
import dev.tfjrunner.run.RunPaths;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tfj evaluate RUN}: test loss and accuracy of a saved run's model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Test loss and accuracy of a trained run's SavedModel on its data set's test images,",
        "or of a Keras model file (--model my.keras) on a built-in data set's or a folder's test pictures."})
final class EvaluateCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN", arity = "0..1", description = {"Run id (folder in savedmodels/) or path of the run folder;",
      "or an ensemble's folder (tfj ensemble --to), to see each member's and the ensemble's test accuracy."})
  String run;

  @Option(names = "--model", paramLabel = "final|best|FILE|DIR",
      description = {"Which SavedModel of the run (default: final);",
          "without RUN: a Keras model file (.keras, .h5, config .json with --weights) or a SavedModel folder."})
  String which = "final";

  @CommandLine.Mixin
  KerasFileOptions keras;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "Without RUN: the built-in data set whose test images to use (mnist, fashion; default: mnist).")
  String dataset;

  @Option(names = "--test-dir", paramLabel = "DIR",
      description = "Without RUN: test pictures in one subfolder per class, instead of --dataset.")
  Path testDir;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

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
    if (run == null) {
      if (which.equals("final") || which.equals("best")) {
        throw new OptionChecks.BadOption("give a RUN, or --model FILE|DIR to evaluate a model file or SavedModel");
      }
      if (dataset != null && testDir != null) {
        throw new OptionChecks.BadOption("--dataset and --test-dir are alternatives");
      }
      DataConfig data = testDir != null ? DataConfig.folders(null, null, testDir.toString())
          : DataConfig.builtin(dataset == null ? "mnist" : dataset);
      Path savedModel = keras.savedModel(Path.of(which), spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      RunEvaluation.evaluate(home, savedModel, data, Console.system());
      return 0;
    }
    if (dataset != null || testDir != null || keras.weights != null || keras.inputRange != null) {
      throw new OptionChecks.BadOption("--dataset, --test-dir, --weights and --input-range go with --model FILE, not a RUN");
    }
    Optional<Path> ensemble = ensemble(home, run, which);
    if (ensemble.isPresent()) {
      RunEnsemble.evaluate(ensemble.get(), home, Console.system());
    } else {
      RunEvaluation.evaluate(RunPaths.existing(home, run), which, Console.system());
    }
    return 0;
  }
}
