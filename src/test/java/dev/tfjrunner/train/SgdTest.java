package dev.tfjrunner.train;

import static dev.tfjrunner.train.QuadraticProblem.assertTrajectory;
import static dev.tfjrunner.train.QuadraticProblem.closedForm;
import static dev.tfjrunner.train.QuadraticProblem.runGraph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SgdTest {

  /** Keras's SGD in double: velocity = momentum * velocity - lr * g. */
  private static QuadraticProblem.Rule keras(SgdConfig c) {
    return (w, g, lr, t, s) -> {
      if (c.momentum() == 0) {
        return w - lr * g;
      }
      s[0] = c.momentum() * s[0] - lr * g;
      return c.nesterov() ? w + c.momentum() * s[0] - lr * g : w + s[0];
    };
  }

  private static final double[] LRS = {0.05, 0.05, 0.05, 0.05, 0.05, 0.05};

  @Test
  void plainGradientDescent() {
    SgdConfig config = new SgdConfig(0.05, 0, false);
    assertTrajectory(closedForm(keras(config), LRS), runGraph(config, LRS));
  }

  @Test
  void momentum() {
    assertRuleAndDifference(new SgdConfig(0.05, 0.9, false), new SgdConfig(0.05, 0, false));
  }

  @Test
  void nesterovMomentum() {
    assertRuleAndDifference(new SgdConfig(0.05, 0.9, true), new SgdConfig(0.05, 0.9, false));
  }

  /** {@code config} follows Keras's rule, and its trajectory is clearly not {@code other}'s. */
  private static void assertRuleAndDifference(SgdConfig config, SgdConfig other) {
    float[][] graph = runGraph(config, LRS);
    assertTrajectory(closedForm(keras(config), LRS), graph);
    float[][] otherGraph = runGraph(other, LRS);
    assertTrue(Math.abs(otherGraph[5][1] - graph[5][1]) > 1e-2, config + " vs " + other);
  }

  @Test
  void changingTheLearningRateTakesEffectAtTheNextStep() {
    SgdConfig config = new SgdConfig(0.01, 0.5, true);
    double[] lrs = {0.01, 0.01, 0.1, 0.1, 0.001};
    assertTrajectory(closedForm(keras(config), lrs), runGraph(config, lrs));
  }

  @Test
  void aMomentumSlotOnlyWithMomentum() {
    assertEquals(List.of("SGD/learning_rate", "w"), QuadraticProblem.variableNames(SgdConfig.KERAS_DEFAULTS));
    assertEquals(List.of("SGD/learning_rate", "SGD/w/momentum", "w"),
        QuadraticProblem.variableNames(new SgdConfig(0.01, 0.9, false)));
  }

  @Test
  void restoringACheckpointContinuesTheSameSteps(@TempDir Path directory) {
    SgdConfig config = new SgdConfig(0.05, 0.9, true);
    float[][] uninterrupted = runGraph(config, LRS);
    float[][] resumed = runGraph(config, LRS, 3, directory);
    for (int step = 0; step < LRS.length; step++) {
      assertArrayEquals(uninterrupted[step], resumed[step], "step " + (step + 1));
    }
  }
}
