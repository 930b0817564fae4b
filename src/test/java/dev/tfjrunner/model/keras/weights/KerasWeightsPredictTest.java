package dev.tfjrunner.model.keras.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.WeightBinding;
import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The Keras-trained Sequential CNN, its weights read from each file form into a forward graph,
 * gives Keras's own {@code model.predict} probabilities on the first 100 MNIST test images.
 */
class KerasWeightsPredictTest {

  private static final int IMAGES = 100;

  @ParameterizedTest
  @ValueSource(strings = {".keras", ".h5", ".weights.h5", ".legacy-weights.h5"})
  void probabilitiesEqualKerasPredict(String suffix) throws IOException {
    Sequential model = KerasWeightsReaderTest.seqModel();
    float[][] weights = WeightMapping.forSequential(
        KerasWeightsReader.read(KerasWeightsReaderTest.DIR.resolve("seq_cnn" + suffix)), model);
    JsonNode expected = new ObjectMapper().readTree(KerasWeightsReaderTest.DIR.resolve("seq_cnn.predictions.json")
        .toFile()).get("probabilities");
    float[] pixels = TestData.testImages(IMAGES).pixels(); // pixels / 255, as the model was trained and predicted

    float[] probabilities = new float[IMAGES * 10];
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> image = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
      Network network = Network.forInference(tf, model, image);
      Operand<TFloat32> softmax = tf.nn.softmax(network.logits());
      WeightBinding binding = WeightBinding.create(tf.withSubScope("load_weights"), network.weights());
      try (Session session = new Session(graph);
          TFloat32 input = TFloat32.tensorOf(Shape.of(IMAGES, 28, 28, 1), DataBuffers.of(pixels, true, false))) {
        binding.assign(session, weights);
        try (Result result = session.runner().feed(image, input).fetch(softmax).run()) {
          ((TFloat32) result.get(0)).copyTo(DataBuffers.of(probabilities, false, false));
        }
      }
    }
    double worst = 0;
    for (int i = 0; i < IMAGES; i++) {
      for (int c = 0; c < 10; c++) {
        worst = Math.max(worst, Math.abs(probabilities[i * 10 + c] - expected.get(i).get(c).asDouble()));
      }
    }
    assertEquals(0, worst, 1e-5, "largest |tfj - Keras| probability difference");
  }
}
