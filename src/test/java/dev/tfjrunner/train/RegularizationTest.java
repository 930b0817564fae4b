package dev.tfjrunner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.model.layers.Regularizer;
import dev.tfjrunner.testing.TestData;
import org.junit.jupiter.api.Test;

/** Weight regularizers add {@code l1 * sum|w| + l2 * sum w^2} to the loss, as Keras's logged loss does. */
class RegularizationTest {

  private static double loss(Regularizer regularizer, LabeledImages data, float[][][] weights) {
    Sequential model = Sequential.of("mlp", Input.of(28, 28, 1), Flatten.of(),
        Dense.of(16).activation(Activation.RELU).kernelRegularizer(regularizer), Dense.of(10).activation(Activation.SOFTMAX));
    try (TrainingGraph graph = TrainingGraph.create(ModelSpec.of(model), RmsPropConfig.KERAS_DEFAULTS, 5,
        SessionSettings.of(1, 1, false))) {
      weights[0] = graph.readWeights();
      return graph.evaluate(data, 100).loss();
    }
  }

  @Test
  void penaltiesAreAddedToTheLoss() {
    LabeledImages data = TestData.testImages(200);
    float[][][] plain = new float[1][][];
    float[][][] regularized = new float[1][][];
    double base = loss(null, data, plain);
    double withL1L2 = loss(new Regularizer(1e-3, 1e-2), data, regularized);
    double l1 = 0;
    double l2 = 0;
    for (float w : regularized[0][0]) {
      l1 += Math.abs(w);
      l2 += (double) w * w;
    }
    assertEquals(plain[0][0][7], regularized[0][0][7], "a regularizer does not change the initial weights");
    assertTrue(l2 > 1, "penalty large enough to see: " + l2);
    assertEquals(1e-3 * l1 + 1e-2 * l2, withL1L2 - base, 1e-4);
  }
}
