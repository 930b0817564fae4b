package dev.tfjrunner.cli;

import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.keras.KerasModel;
import dev.tfjrunner.run.KerasConversion;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfj summary}: the Keras-style layer table of a model. */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print a model's layers, output shapes and parameter counts, like Keras's model.summary().")
final class SummaryCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME|FILE",
      description = "A built-in network (" + BuiltinModels.NAMES_TEXT + "; default: advanced), or a Keras model config"
          + " (.json, model.to_json()), .keras archive or .h5 model: a file's weights are read and checked too.")
  String model = "advanced";

  @Option(names = "--weights", paramLabel = "FILE",
      description = "With --model CONFIG.json: the model's weights (.weights.h5) to check against it.")
  Path weights;

  @Option(names = "--input-shape", paramLabel = "H,W,C", split = ",",
      description = "A built-in network for pictures of this shape (default: 28,28,1), as training on such pictures adapts it.")
  List<Long> inputShape;

  @Option(names = "--classes", paramLabel = "N", description = "A built-in network for N classes (default: 10).")
  Integer classes;

  /** A .keras or .h5 model holds its weights; a config .json has them only with --weights. */
  private boolean hasWeights() {
    return weights != null || !model.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
  }

  @Override
  public Integer call() throws Exception {
    KerasModel loaded;
    if (inputShape == null && classes == null && !BuiltinModels.isBuiltin(model) && hasWeights()) {
      loaded = KerasConversion.check(Path.of(model), weights);
      System.out.println(Path.of(model).getFileName() + ": the weights were read and match the layers ("
          + loaded.format() + ")");
    } else if (weights != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--weights goes with --model CONFIG.json");
    } else if (inputShape == null && classes == null) {
      loaded = BuiltinModels.load(model);
    } else {
      if (!BuiltinModels.isBuiltin(model)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--input-shape and --classes adapt a built-in network; " + model + " has its own shape");
      }
      if (inputShape != null && (inputShape.size() != 3 || inputShape.stream().anyMatch(d -> d < 1))) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--input-shape must be H,W,C with sizes >= 1");
      }
      if (classes != null && classes < 2) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--classes must be at least 2");
      }
      loaded = BuiltinModels.builtin(model, inputShape == null ? Input.of(28, 28, 1)
          : new Input(inputShape), classes == null ? 10 : classes);
    }
    loaded.notes().forEach(System.out::println);
    System.out.print(loaded.model().summary().format());
    return 0;
  }
}
