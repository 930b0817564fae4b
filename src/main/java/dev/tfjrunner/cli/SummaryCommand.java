package dev.tfjrunner.cli;

import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.keras.KerasModel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfj summary}: the Keras-style layer table of a model. */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print a model's layers, output shapes and parameter counts, like Keras's model.summary().")
final class SummaryCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = "NAME|FILE",
      description = "A built-in network (" + BuiltinModels.NAMES_TEXT + "; default: advanced), or a Keras model config (.json, model.to_json()) or .keras archive.")
  String model = "advanced";

  @Override
  public Integer call() throws Exception {
    KerasModel loaded = BuiltinModels.load(model);
    loaded.notes().forEach(System.out::println);
    System.out.print(loaded.model().summary().format());
    return 0;
  }
}
