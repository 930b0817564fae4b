package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Conv2D;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Flatten;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that does not fit the data or cannot be trained is one line naming the file, the layer
 * and the shapes or counts, exit 1, and no run folder: the checks run before any training.
 */
class ModelErrorsTest {

  @TempDir
  Path home;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setProperty("tfj.home", home.toString());
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    System.clearProperty("tfj.home");
  }

  private String train(Sequential model, String json) throws Exception {
    Path file = home.resolve(model.name() + ".json");
    Files.writeString(file, json != null ? json : model.toKerasJson());
    int code = TfjCommand.execute("train", "--model", file.toString(), "--epochs", "1",
        "--data-dir", Path.of(System.getProperty("tfj.data.dir", "data")).toString());
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, message);
    assertEquals(1, message.lines().count(), message);
    assertFalse(Files.exists(home.resolve("savedmodels")), "no run folder: " + message);
    return message;
  }

  private static Sequential cnn(String name, Input input, int classes) {
    return Sequential.of(name, input, Conv2D.of(4, 3).activation(Activation.RELU), Flatten.of(),
        Dense.of(classes).activation(Activation.SOFTMAX));
  }

  @Test
  void modelInputThatIsNotTheDatasShapeNamesBoth() throws Exception {
    String message = train(cnn("colour", Input.of(32, 32, 3), 10), null);
    assertTrue(message.contains("takes input (None, 32, 32, 3) but the images are 28x28x1"), message);
  }

  @Test
  void outputUnitsThatAreNotTheDatasClassesNameBothCounts() throws Exception {
    String message = train(cnn("five", Input.of(28, 28, 1), 5), null);
    assertTrue(message.contains("five.json: the model's output layer gives 5 classes but mnist has 10"), message);
  }

  @Test
  void aLinearOutputIsNotAClassifier() throws Exception {
    Sequential model = Sequential.of("linear", Input.of(28, 28, 1), Flatten.of(), Dense.of(1));
    String message = train(model, null);
    assertTrue(message.contains("layer 2 'dense' (Dense): the output layer must end in a softmax (K classes) or a"
        + " sigmoid on 1 unit (two classes), got linear on 1 unit"), message);
  }

  @Test
  void aLossThatDoesNotFitTheOutputIsNamed() throws Exception {
    Sequential model = cnn("mse", Input.of(28, 28, 1), 10);
    String json = model.toKerasJson().trim();
    json = json.substring(0, json.length() - 1) + ", \"compile_config\": {\"loss\": \"mean_squared_error\"}}";
    String message = train(model, json);
    assertTrue(message.contains("compile_config.loss mean_squared_error does not fit the output layer's softmax"),
        message);
  }

  @Test
  void anUnsupportedLayerNamesTheFileTheLayerAndWhatIsSupported() throws Exception {
    Path lstm = Path.of(getClass().getResource("/keras-configs/lstm.json").toURI());
    int code = TfjCommand.execute("summary", "--model", lstm.toString());
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, message);
    assertTrue(message.startsWith("error: lstm.json: layer 4 'lstm_1': LSTM is not supported (supported: Conv2D, Dense,"),
        message);
  }
}
