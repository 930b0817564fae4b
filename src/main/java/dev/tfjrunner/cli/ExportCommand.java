package dev.tfjrunner.cli;

import dev.tfjrunner.run.KerasConversion;
import dev.tfjrunner.run.RunExport;
import dev.tfjrunner.run.RunPaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfj export}: re-export a run's serving SavedModel, or a Keras .keras archive, from its training checkpoint. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Re-export a run's serving SavedModel from what its training left on disk: the resume checkpoint",
        "(state after the last completed epoch, also of a run that was killed) or its best model.",
        "The SavedModel is written next to its target and renamed into place.",
        "--format keras writes a Keras 3 .keras archive instead (keras.saving.load_model loads it).",
        "--model FILE --to DIR exports a Keras model file (.keras, .h5) as a serving SavedModel instead."})
final class ExportCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--run", paramLabel = "RUN", description = "Run id (folder in savedmodels/) or path of the run folder.")
  String run;

  @Option(names = "--model", paramLabel = "FILE",
      description = "Instead of --run: a Keras model file (.keras, .h5, config .json with --weights) to export as a"
          + " serving SavedModel to --to DIR (the same signature as a run's; its image input takes what the Keras model takes).")
  Path model;

  @CommandLine.Mixin
  KerasFileOptions keras;

  @Option(names = "--from", paramLabel = "checkpoint|best", defaultValue = "checkpoint",
      description = "checkpoint (default): savedmodels/<run>/checkpoint/variables; best: the variables of savedmodels/<run>/best.")
  String from;

  @Option(names = "--to", paramLabel = "DIR|FILE",
      description = "Target folder (default: savedmodels/<run>/final from the checkpoint, savedmodels/<run>/best from best);"
          + " with --format keras, the .keras file (required).")
  Path to;

  @Option(names = "--format", paramLabel = "savedmodel|keras", defaultValue = "savedmodel",
      description = "savedmodel (default): a serving SavedModel; keras: a Keras 3 .keras archive (config, weights).")
  String format;

  @Override
  public Integer call() throws Exception {
    if ((run == null) == (model == null)) {
      throw new OptionChecks.BadOption("give one of --run RUN and --model FILE");
    }
    if (model != null) {
      if (to == null || !format.equals("savedmodel")) {
        throw new OptionChecks.BadOption("--model FILE exports a serving SavedModel to --to DIR (--format savedmodel)");
      }
      if (!KerasConversion.isModelFile(model)) {
        throw new OptionChecks.BadOption("--model " + model + ": no such Keras model file");
      }
      Path savedModel = keras.savedModel(model, spec.commandLine().getOut());
      KerasConversion.copy(savedModel, to);
      spec.commandLine().getOut().println("Exported " + to + " from " + model);
      return 0;
    }
    RunExport.Source source = RunExport.Source.parse(from);
    RunPaths paths = RunPaths.existing(TfjCommand.home(), run);
    RunExport.Result result = switch (format) {
      case "savedmodel" -> RunExport.export(paths, source, to);
      case "keras" -> {
        if (to == null) {
          throw new OptionChecks.BadOption("--format keras needs --to FILE.keras");
        }
        yield RunExport.exportKeras(paths, source, to);
      }
      default -> throw new OptionChecks.BadOption(
          "--format must be savedmodel or keras, got '" + format + "'");
    };
    spec.commandLine().getOut().println("Exported " + result.directory() + " from " + result.variables() + " ("
        + result.epochs() + (result.epochs() == 1 ? " epoch" : " epochs") + " trained)");
    return 0;
  }
}
