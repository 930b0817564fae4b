package dev.tfjrunner.cli;

import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.run.KerasConversion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of a {@code --model} given as a Keras file, shared by predict, evaluate and export. */
final class KerasFileOptions {

  @Option(names = "--weights", paramLabel = "FILE",
      description = "With --model CONFIG.json: the model's weights (.weights.h5, .h5 or .keras as Keras saved them).")
  Path weights;

  @Option(names = "--input-range", paramLabel = "0-1|0-255",
      description = "With a Keras --model file: the pixel values the model was trained on (default: 0-255 when the model"
          + " starts with Rescaling(1/255), else 0-1). Recorded in the converted model's model.json.")
  String inputRange;

  /**
   * The SavedModel folder {@code model} names: itself, or a Keras file's cached conversion (a line
   * says which, and whether the conversion was made now).
   */
  Path savedModel(Path model, PrintWriter out) throws IOException {
    if (!KerasConversion.isModelFile(model)) {
      if (weights != null || inputRange != null) {
        throw new OptionChecks.BadOption("--weights and --input-range go with a Keras model file; " + model
            + " is not a file");
      }
      return model;
    }
    KerasConversion.Converted converted = KerasConversion.convert(TfjCommand.home(), model, weights,
        inputRange == null ? null : range());
    out.println(converted.describe(model));
    return converted.savedModel();
  }

  private InputRange range() {
    try {
      return InputRange.parse(inputRange);
    } catch (IllegalArgumentException e) {
      throw new OptionChecks.BadOption(e.getMessage());
    }
  }
}
