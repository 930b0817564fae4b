package dev.tfjrunner.run;

import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.keras.KerasModelReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * A run's network and image shape, saved beside its run.json ({@code model-config.json} as Keras
 * writes it, {@code image-shape.json}) when it starts, so that resuming or re-exporting the run
 * builds the same graph even after the {@code --model} file changed or moved.
 */
final class RunModel {

  private RunModel() {}

  static void save(RunPaths paths, ModelSpec spec) throws IOException {
    AtomicOutput.writeFile(paths.modelConfig(),
        temporary -> Files.writeString(temporary, spec.model().toKerasJson(), StandardCharsets.UTF_8));
    Json.write(paths.imageShape(), spec.image().shape());
  }

  /** The run's saved model, or (a run from before these files existed) its built-in one. */
  static ModelSpec load(RunPaths paths, RunConfig config) throws IOException {
    if (!Files.isRegularFile(paths.modelConfig())) {
      Model model = BuiltinModels.load(config.model()).model();
      return config.modelSpec(model, ModelSpec.imageInput(model));
    }
    Model model = KerasModelReader.read(paths.modelConfig()).model();
    long[] image = Json.read(paths.imageShape(), long[].class);
    return config.modelSpec(model, Input.of(image));
  }
}
