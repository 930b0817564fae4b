package dev.tfjrunner.train;

import static dev.tfjrunner.train.QuadraticProblem.assertTrajectory;
import static dev.tfjrunner.train.QuadraticProblem.closedForm;
import static dev.tfjrunner.train.QuadraticProblem.runGraph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RmsPropTest {

  /** Keras 2.x RMSprop in double precision: ms starts at 0, epsilon outside the square root. */
  private static QuadraticProblem.Rule keras(RmsPropConfig config) {
    return (w, g, lr, t, ms) -> {
      ms[0] = config.rho() * ms[0] + (1 - config.rho()) * g * g;
      return w - lr * g / (Math.sqrt(ms[0]) + config.epsilon());
    };
  }

  @Test
  void updateMatchesKerasRuleOverSeveralSteps() {
    RmsPropConfig config = new RmsPropConfig(0.01, 0.9, 1e-8);
    double[] lrs = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01};
    assertTrajectory(closedForm(keras(config), lrs), runGraph(config, lrs));
  }

  @Test
  void largeEpsilonIsAddedOutsideTheSquareRoot() {
    // With eps = 0.5 the two placements differ a lot: g/(sqrt(ms)+eps) vs g/sqrt(ms+eps).
    RmsPropConfig config = new RmsPropConfig(0.05, 0.8, 0.5);
    double[] lrs = {0.05, 0.05, 0.05, 0.05};
    assertTrajectory(closedForm(keras(config), lrs), runGraph(config, lrs));
  }

  @Test
  void changingTheLearningRateChangesTheStepSize() {
    RmsPropConfig config = new RmsPropConfig(0.01, 0.9, 1e-8);
    double[] lrs = {0.01, 0.01, 0.1, 0.1, 0.001};
    float[][] graph = runGraph(config, lrs);
    double[][] expected = closedForm(keras(config), lrs);
    assertTrajectory(expected, graph);
    // The step after the change is about 10x longer, exactly as the rule predicts for the new rate.
    double expectedRatio = Math.abs(expected[2][0] - expected[1][0]) / Math.abs(expected[1][0] - expected[0][0]);
    double ratio = Math.abs(graph[2][0] - graph[1][0]) / Math.abs(graph[1][0] - graph[0][0]);
    assertEquals(expectedRatio, ratio, 1e-3);
    assertTrue(ratio > 5, "ratio " + ratio);
    float[][] constant = runGraph(config, new double[] {0.01, 0.01, 0.01});
    assertTrue(Math.abs(constant[2][0] - graph[2][0]) > 1e-3, "a changed rate gives a different weight");
  }

  @Test
  void variablesKeepTheStudysNames() {
    assertEquals(List.of("RMSprop/learning_rate", "RMSprop/w/rms", "w"),
        QuadraticProblem.variableNames(RmsPropConfig.KERAS_DEFAULTS));
  }
}
