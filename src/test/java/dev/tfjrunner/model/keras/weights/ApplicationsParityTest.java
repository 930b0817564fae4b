package dev.tfjrunner.model.keras.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.testing.ForwardPass;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * keras.applications networks with random weights, saved by real Keras as {@code .keras}, give
 * Keras's {@code model.predict} probabilities on 20 images to 1e-4. The files (about 150 MB) are
 * written by scripts/keras-fixtures/check_applications.sh into the folder named by the system
 * property {@code keras.parity.dir}, which runs this test through {@code mvn -Pkeras-parity test};
 * without the property (a plain {@code mvn verify}) it is skipped.
 */
@EnabledIfSystemProperty(named = "keras.parity.dir", matches = ".+")
class ApplicationsParityTest {

  @ParameterizedTest
  @ValueSource(strings = {"MobileNetV2", "MobileNetV3Small", "MobileNetV3Large", "ResNet50", "EfficientNetB0",
      "DenseNet121"})
  void probabilitiesEqualKerasPredict(String application) throws IOException {
    Path dir = Path.of(System.getProperty("keras.parity.dir"));
    Path archive = dir.resolve(application + ".keras");
    assertTrue(Files.isRegularFile(archive), archive + " is missing: run scripts/keras-fixtures/check_applications.sh");
    Model model = KerasModelReader.read(archive).model();
    float[][] weights = WeightMapping.forModel(KerasWeightsReader.read(archive), model);
    JsonNode predictions = new ObjectMapper().readTree(dir.resolve(application + ".predictions.json").toFile());
    int images = predictions.get("input_shape").get(0).asInt();
    // What Keras was fed: the application's preprocess_input already applied, little-endian float32.
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(application + ".input.f32")))
        .order(ByteOrder.LITTLE_ENDIAN);
    float[] inputs = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(inputs);
    float[] probabilities = ForwardPass.probabilities(model, weights, inputs, images);
    JsonNode expected = predictions.get("probabilities");
    int classes = expected.get(0).size();
    assertEquals(images * classes, probabilities.length);
    double worst = 0;
    for (int i = 0; i < images; i++) {
      for (int c = 0; c < classes; c++) {
        worst = Math.max(worst, Math.abs(probabilities[i * classes + c] - expected.get(i).get(c).asDouble()));
      }
    }
    System.out.printf("%s: largest |tfj - Keras| probability difference %.3g over %d images%n", application, worst,
        images);
    assertEquals(0, worst, 1e-4, application + ": largest |tfj - Keras| probability difference");
  }
}
