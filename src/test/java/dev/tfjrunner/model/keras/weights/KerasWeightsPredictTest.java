package dev.tfjrunner.model.keras.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.testing.ForwardPass;
import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Keras-trained Sequential CNN, its weights read from each file form into a forward graph,
 * gives Keras's own {@code model.predict} probabilities on the first 100 MNIST test images.
 */
class KerasWeightsPredictTest {

  private static final int IMAGES = 100;

  @ParameterizedTest
  @ValueSource(strings = {".keras", ".h5", ".weights.h5", ".legacy-weights.h5"})
  void probabilitiesEqualKerasPredict(String suffix) throws IOException {
    Model model = KerasWeightsReaderTest.seqModel();
    float[][] weights = WeightMapping.forSequential(
        KerasWeightsReader.read(KerasWeightsReaderTest.DIR.resolve("seq_cnn" + suffix)), model);
    JsonNode expected = new ObjectMapper().readTree(KerasWeightsReaderTest.DIR.resolve("seq_cnn.predictions.json")
        .toFile()).get("probabilities");
    // pixels / 255, as the model was trained and predicted
    float[] probabilities = ForwardPass.probabilities(model, weights, TestData.testImages(IMAGES).pixels(), IMAGES);
    double worst = 0;
    for (int i = 0; i < IMAGES; i++) {
      for (int c = 0; c < 10; c++) {
        worst = Math.max(worst, Math.abs(probabilities[i * 10 + c] - expected.get(i).get(c).asDouble()));
      }
    }
    assertEquals(0, worst, 1e-5, "largest |tfj - Keras| probability difference");
  }
}
