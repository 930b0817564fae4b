package dev.tfjrunner.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small but complete training runs for tests: the advanced CNN (dropout) with augmentation and
 * every callback, on 1,500 MNIST training images written as the run's own IDX files.
 */
final class TinyRuns {

  static final int EPOCHS = 3;
  private static TrainingRun.Result straight;

  private TinyRuns() {}

  /** The configuration; data files under {@code dataDir}. */
  static RunConfig config(Path dataDir) throws IOException {
    return config(dataDir, "advanced");
  }

  /** As {@link #config(Path)} for another model (a built-in name or a Keras model file). */
  static RunConfig config(Path dataDir, String model) throws IOException {
    return config(dataDir, model, null);
  }

  /** As {@link #config(Path, String)} with {@code --input-range} (null: decided by the model). */
  static RunConfig config(Path dataDir, String model, String inputRange) throws IOException {
    Path trainImages = dataDir.resolve("train-images");
    Path trainLabels = dataDir.resolve("train-labels");
    Path testImages = dataDir.resolve("test-images");
    Path testLabels = dataDir.resolve("test-labels");
    if (!Files.exists(testLabels)) {
      LabeledImages train = TestData.mnist().train().first(1500);
      TestData.writeIdx(train, trainImages, trainLabels);
      TestData.writeIdx(TestData.testImages(500), testImages, testLabels);
    }
    ObjectNode flags = Json.MAPPER.createObjectNode();
    ObjectNode data = flags.putObject("data");
    data.put("name", "tiny");
    data.put("train_images", trainImages.toString());
    data.put("train_labels", trainLabels.toString());
    data.put("test_images", testImages.toString());
    data.put("test_labels", testLabels.toString());
    flags.put("model", model);
    if (inputRange != null) {
      flags.put("input_range", inputRange);
    }
    flags.put("epochs", EPOCHS);
    flags.put("batch_size", 64);
    flags.put("threads", 2);
    flags.putObject("augmentation").put("rotation", 8);
    ObjectNode callbacks = flags.putObject("callbacks");
    // No epoch can improve by 0.5 after the first, so the callbacks' state carries across the
    // kill: the rate drops after epochs 2 and 3 (with a cooldown counter saved in between), and
    // EarlyStopping stops after epoch 3, putting back the weights of epoch 1.
    callbacks.putObject("reduce_lr_on_plateau").put("patience", 1).put("min_delta", 0.5).put("cooldown", 1)
        .put("min_lr", 0.0);
    callbacks.putObject("early_stopping").put("patience", 2).put("min_delta", 0.5).put("restore_best_weights", true);
    return RunConfig.resolve(null, flags);
  }

  /** A run of {@link #EPOCHS} epochs from start to end, made once per test JVM. */
  static synchronized TrainingRun.Result straight() throws IOException {
    if (straight == null) {
      Path home = TestData.sharedTempDirectory("tfj-straight-run-");
      straight = TrainingRun.create(config(home.resolve("tiny-data")), home, TestModels.quietConsole()).execute();
    }
    return straight;
  }

  /**
   * A console that "kills" the run (throws) when the progress bar announces epoch {@code epoch}
   * (1-based): the run has then saved the state of the epoch before and nothing after it, as
   * after a kill -9 anywhere in that epoch.
   */
  static Console killingAt(int epoch) {
    return new Console(new PrintStream(OutputStream.nullOutputStream()) {
      @Override
      public void println(String line) {
        if (line.startsWith("Epoch " + epoch + "/")) {
          throw new Killed();
        }
      }
    }, false);
  }

  /** Stands in for a killed process. */
  static final class Killed extends RuntimeException {}

}
