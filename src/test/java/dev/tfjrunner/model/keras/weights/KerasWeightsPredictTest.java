package dev.tfjrunner.model.keras.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.testing.ForwardPass;
import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Keras-trained CNNs, their weights read from each file form into a forward graph, give Keras's
 * own {@code model.predict} probabilities on the first 100 MNIST test images: the Sequential
 * seq_cnn, and the Functional func_cnn (Add, Concatenate, BatchNormalization, a nested Sequential,
 * and a Rescaling(1/255) inside, so it is fed raw 0-255 pixels as Keras fed it).
 */
class KerasWeightsPredictTest {

  private static final int IMAGES = 100;

  @ParameterizedTest
  @CsvSource({
      "seq_cnn, .keras", "seq_cnn, .h5", "seq_cnn, .weights.h5", "seq_cnn, .legacy-weights.h5",
      "func_cnn, .keras", "func_cnn, .h5", "func_cnn, .weights.h5", "func_cnn, .legacy-weights.h5"})
  void probabilitiesEqualKerasPredict(String fixture, String suffix) throws IOException {
    KerasWeightFile file = KerasWeightsReader.read(KerasWeightsReaderTest.DIR.resolve(fixture + suffix));
    // The architecture from the file itself where it carries one (.keras, .h5), else from the config beside it.
    Model model = file.modelConfig() != null ? KerasModelReader.parse(file.modelConfig(), fixture + suffix).model()
        : KerasModelReader.read(KerasWeightsReaderTest.DIR.resolve(fixture + ".json")).model();
    float[][] weights = WeightMapping.forModel(file, model);
    JsonNode predictions = new ObjectMapper().readTree(KerasWeightsReaderTest.DIR.resolve(fixture
        + ".predictions.json").toFile());
    float[] pixels = TestData.testImages(IMAGES).pixels(); // pixel / 255
    if (predictions.get("input_range").asText().equals("0-255")) {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = Math.round(pixels[i] * 255); // the bytes of the IDX file, exactly
      }
    }
    float[] probabilities = ForwardPass.probabilities(model, weights, pixels, IMAGES);
    JsonNode expected = predictions.get("probabilities");
    double worst = 0;
    for (int i = 0; i < IMAGES; i++) {
      for (int c = 0; c < 10; c++) {
        worst = Math.max(worst, Math.abs(probabilities[i * 10 + c] - expected.get(i).get(c).asDouble()));
      }
    }
    assertEquals(0, worst, 1e-5, "largest |tfj - Keras| probability difference");
  }
}
