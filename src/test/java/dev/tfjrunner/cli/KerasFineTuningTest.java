package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.model.keras.weights.KerasWeightsReader;
import dev.tfjrunner.model.keras.weights.WeightMapping;
import dev.tfjrunner.testing.CapturedConsole;
import dev.tfjrunner.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Result;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * {@code train --model my.keras} starts from the file's weights; {@code --new-head K} starts its
 * last Dense layer afresh. With a learning rate of 1e-30 training moves no weight measurably, so
 * the trained model's convolution kernel is the file's and its head is not.
 */
class KerasFineTuningTest {

  private static final Path DIR = Path.of("src/test/resources/keras/weights");

  @TempDir
  Path home;

  @Test
  void trainingStartsFromTheFilesWeightsWithANewHead() throws Exception {
    Path data = home.resolve("tiny");
    Files.createDirectories(data);
    TestData.writeIdx(TestData.mnist().train().first(256), data.resolve("train-images"), data.resolve("train-labels"));
    TestData.writeIdx(TestData.testImages(128), data.resolve("test-images"), data.resolve("test-labels"));
    Path model = DIR.resolve("seq_cnn.keras");
    String out;
    try (CapturedConsole console = new CapturedConsole(home)) {
      assertEquals(0, TfjCommand.execute("train", "--model", model.toString(), "--new-head", "10",
          "--train-images", data.resolve("train-images").toString(), "--train-labels", data.resolve("train-labels")
              .toString(), "--test-images", data.resolve("test-images").toString(), "--test-labels",
          data.resolve("test-labels").toString(), "--epochs", "1", "--optimizer", "sgd", "--learning-rate", "1e-30",
          "--no-tensorboard"), console.err());
      out = console.out();
    }
    assertTrue(out.contains("Weights: from " + model + " except the last Dense layer, new with 10 units; the optimizer's"
        + " state is not carried over"), out);
    float[][] file = WeightMapping.forModel(KerasWeightsReader.read(model), KerasModelReader.read(model).model());
    Path saved;
    try (var runs = Files.list(home.resolve("savedmodels"))) {
      saved = runs.findFirst().orElseThrow().resolve("final");
    }
    float[] conv = variable(saved, "conv2d/kernel", file[0].length);
    assertArrayEquals(file[0], conv, 1e-20f, "the convolution starts from the file's kernel");
    float[] head = variable(saved, "dense/kernel", file[file.length - 2].length);
    assertFalse(Arrays.equals(file[file.length - 2], head), "the new head is not the file's");
  }

  private static float[] variable(Path savedModel, String name, int size) {
    float[] values = new float[size];
    try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), "serve");
        Result result = bundle.session().runner().fetch(name).run()) {
      ((TFloat32) result.get(0)).copyTo(DataBuffers.of(values, false, false));
    }
    return values;
  }
}
