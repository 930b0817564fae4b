package dev.tfjrunner.testing;

import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.data.Splits;
import dev.tfjrunner.export.ModelMetadata;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.preprocess.Preprocessing;
import dev.tfjrunner.train.FitConfig;
import dev.tfjrunner.train.ModelSaver;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.Trainer;
import dev.tfjrunner.train.TrainingGraph;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Models trained on small real-MNIST subsets, made once per test JVM. */
public final class TestModels {

  private static Path digits;

  private TestModels() {}

  /**
   * A SavedModel of the simple CNN after 2 epochs on 3,000 MNIST images (about 93% test
   * accuracy): good enough that well-drawn digits come out right.
   */
  public static synchronized Path digits() {
    if (digits == null) {
      try {
        Path dir = TestData.sharedTempDirectory("tfj-digits-model-");
        Dataset mnist = TestData.mnist();
        LabeledImages train = mnist.train();
        Splits splits = new Splits(train.first(3000), train.select(IntStream.range(3000, 3300).toArray()));
        try (TrainingGraph model = train(TestModels.spec("simple"), splits, 2)) {
          export(model, dir.resolve("model"), mnist.classNames());
        }
        digits = dir.resolve("model");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return digits;
  }

  /** A built-in model ({@code advanced}, {@code simple}, {@code mlp}) on 28x28x1 images. */
  public static ModelSpec spec(String builtin) {
    return ModelSpec.of(BuiltinModels.builtin(builtin).model());
  }

  /** As {@link #spec(String)} with preprocessing and augmentation. */
  public static ModelSpec spec(String builtin, Preprocessing preprocessing, Augmentation augmentation) {
    ModelSpec plain = spec(builtin);
    return new ModelSpec(plain.model(), plain.image(), preprocessing, augmentation, null);
  }

  /** A freshly trained model (the caller closes it); seed 42, batch size 64, 2 threads. */
  public static TrainingGraph train(ModelSpec spec, Splits splits, int epochs) {
    TrainingGraph model = TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, 42, SessionSettings.of(2, 0, false));
    try {
      new Trainer(model, ModelSaver.CHECKPOINT_ONLY, quietConsole())
          .fit(splits, FitConfig.of(epochs, 64, 42).quiet(), List.of());
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Exports {@code model} as a serving SavedModel with test metadata. */
  public static void export(TrainingGraph model, Path directory, List<String> classNames) throws IOException {
    ModelSpec spec = model.spec();
    ModelMetadata metadata = new ModelMetadata("test-run", "mnist", classNames, spec.model().name(),
        spec.model().summary().totalParameters(), spec.image().shape(), spec.inputRange().text(),
        spec.preprocessing().describe(), Map.of("seed", 42),
        Map.of(), Map.of(), "1.1.0", "test", "2026-01-01T00:00:00Z", "serving_default");
    try (ServingExporter exporter = new ServingExporter(spec)) {
      exporter.export(model, directory, classNames, metadata);
    }
  }

  public static Console quietConsole() {
    return new Console(new PrintStream(OutputStream.nullOutputStream()), false);
  }
}
