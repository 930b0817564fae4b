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

class AdamTest {

  /** Keras's Adam in double: t from 1, bias correction in the step size, epsilon hat outside the root. */
  private static QuadraticProblem.Rule keras(AdamConfig c) {
    return (w, g, lr, t, s) -> {
      s[0] = c.beta1() * s[0] + (1 - c.beta1()) * g;
      s[1] = c.beta2() * s[1] + (1 - c.beta2()) * g * g;
      s[2] = Math.max(s[2], s[1]);
      double lrT = lr * Math.sqrt(1 - Math.pow(c.beta2(), t)) / (1 - Math.pow(c.beta1(), t));
      return w - lrT * s[0] / (Math.sqrt(c.amsgrad() ? s[2] : s[1]) + c.epsilon());
    };
  }

  private static double[] constant(double lr, int steps) {
    double[] lrs = new double[steps];
    java.util.Arrays.fill(lrs, lr);
    return lrs;
  }

  @Test
  void kerasDefaultsMatchTheRuleOverSeveralSteps() {
    AdamConfig config = AdamConfig.KERAS_DEFAULTS;
    double[] lrs = constant(0.001, 6);
    assertTrajectory(closedForm(keras(config), lrs), runGraph(config, lrs));
  }

  @Test
  void largerStepsMatchTheRule() {
    AdamConfig config = new AdamConfig(0.05, 0.8, 0.99, 1e-7, false);
    double[] lrs = constant(0.05, 8);
    float[][] graph = runGraph(config, lrs);
    assertTrajectory(closedForm(keras(config), lrs), graph);
    assertTrue(Math.abs(graph[7][1] - QuadraticProblem.START[1]) > 0.1, "the weights moved");
  }

  @Test
  void epsilonIsEpsilonHat() {
    // Algorithm 1 of the paper would add epsilon to sqrt(v / (1 - beta_2^t)); Keras adds it to sqrt(v).
    AdamConfig config = new AdamConfig(0.05, 0.9, 0.999, 0.5, false);
    double[] lrs = constant(0.05, 5);
    float[][] graph = runGraph(config, lrs);
    assertTrajectory(closedForm(keras(config), lrs), graph);
    double[][] algorithm1 = closedForm((w, g, lr, t, s) -> {
      s[0] = 0.9 * s[0] + 0.1 * g;
      s[1] = 0.999 * s[1] + 0.001 * g * g;
      return w - lr * (s[0] / (1 - Math.pow(0.9, t))) / (Math.sqrt(s[1] / (1 - Math.pow(0.999, t))) + 0.5);
    }, lrs);
    assertTrue(Math.abs(algorithm1[4][0] - graph[4][0]) > 1e-3, "the two forms differ here");
  }

  @Test
  void amsgradDividesByTheRunningMaximum() {
    // beta_2 0.5 lets v fall as the gradients shrink, so the maximum matters.
    AdamConfig amsgrad = new AdamConfig(0.1, 0.9, 0.5, 1e-7, true);
    AdamConfig plain = new AdamConfig(0.1, 0.9, 0.5, 1e-7, false);
    double[] lrs = constant(0.1, 6);
    float[][] graph = runGraph(amsgrad, lrs);
    assertTrajectory(closedForm(keras(amsgrad), lrs), graph);
    float[][] withoutMaximum = runGraph(plain, lrs);
    assertTrajectory(closedForm(keras(plain), lrs), withoutMaximum);
    assertTrue(Math.abs(graph[5][0] - withoutMaximum[5][0]) > 1e-3, "amsgrad changes the trajectory");
  }

  @Test
  void changingTheLearningRateTakesEffectAtTheNextStep() {
    AdamConfig config = new AdamConfig(0.01, 0.9, 0.999, 1e-7, false);
    double[] lrs = {0.01, 0.01, 0.1, 0.1, 0.001};
    float[][] graph = runGraph(config, lrs);
    assertTrajectory(closedForm(keras(config), lrs), graph);
    float[][] constant = runGraph(config, constant(0.01, 5));
    assertTrue(Math.abs(constant[2][0] - graph[2][0]) > 1e-3, "a changed rate gives a different weight");
  }

  @Test
  void slotsAndIterationCountLiveInVariables() {
    assertEquals(List.of("Adam/iterations", "Adam/learning_rate", "Adam/w/m", "Adam/w/v", "w"),
        QuadraticProblem.variableNames(AdamConfig.KERAS_DEFAULTS));
    assertEquals(List.of("Adam/iterations", "Adam/learning_rate", "Adam/w/m", "Adam/w/v", "Adam/w/vhat", "w"),
        QuadraticProblem.variableNames(new AdamConfig(0.001, 0.9, 0.999, 1e-7, true)));
  }

  @Test
  void restoringACheckpointContinuesTheSameSteps(@TempDir Path directory) {
    // The bias correction of steps 4-6 needs t = 4..6: the iteration count must come back with m, v and vhat.
    AdamConfig config = new AdamConfig(0.1, 0.9, 0.5, 1e-7, true);
    double[] lrs = constant(0.1, 6);
    float[][] uninterrupted = runGraph(config, lrs);
    float[][] resumed = runGraph(config, lrs, 3, directory);
    for (int step = 0; step < lrs.length; step++) {
      assertArrayEquals(uninterrupted[step], resumed[step], "step " + (step + 1));
    }
    assertTrajectory(closedForm(keras(config), lrs), resumed);
  }
}
