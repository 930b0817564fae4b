package dev.tfjrunner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.model.Network.Weight;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class RmsPropTest {

  private static final float[] START = {1.5f, -0.5f, 0.25f};
  private static final float[] SCALE = {1f, 3f, -2f};

  /**
   * loss = sum(scale * w^2), so the gradient is 2 * scale * w. Runs the graph's RMSprop for the
   * given learning rates (one step each) and returns w after every step.
   */
  private static float[][] runGraph(RmsPropConfig config, double[] learningRates) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(START));
      Operand<TFloat32> value = tf.identity(w);
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(tf.constant(SCALE), tf.math.square(value)), tf.constant(0));
      RmsProp rmsProp = RmsProp.minimize(tf, loss, List.of(new Weight("w", w, value, Shape.of(3), true)), config);
      try (Session session = new Session(graph)) {
        session.initialize();
        float[][] trajectory = new float[learningRates.length][3];
        for (int step = 0; step < learningRates.length; step++) {
          try (TFloat32 lr = TFloat32.scalarOf((float) learningRates[step])) {
            session.runner().feed(rmsProp.newLearningRate(), lr).addTarget(rmsProp.setLearningRateOp()).run();
          }
          session.runner().addTarget(rmsProp.update()).run();
          try (Result r = session.runner().fetch(value).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            for (int i = 0; i < 3; i++) {
              trajectory[step][i] = t.getFloat(i);
            }
          }
        }
        return trajectory;
      }
    }
  }

  /** Keras 2.x RMSprop in double precision: ms starts at 0, epsilon outside the square root. */
  private static double[][] closedForm(RmsPropConfig config, double[] learningRates) {
    double[] w = new double[3];
    double[] ms = new double[3];
    for (int i = 0; i < 3; i++) {
      w[i] = START[i];
    }
    double[][] trajectory = new double[learningRates.length][3];
    for (int step = 0; step < learningRates.length; step++) {
      for (int i = 0; i < 3; i++) {
        double g = 2 * SCALE[i] * w[i];
        ms[i] = config.rho() * ms[i] + (1 - config.rho()) * g * g;
        w[i] -= learningRates[step] * g / (Math.sqrt(ms[i]) + config.epsilon());
      }
      trajectory[step] = w.clone();
    }
    return trajectory;
  }

  @Test
  void updateMatchesKerasRuleOverSeveralSteps() {
    RmsPropConfig config = new RmsPropConfig(0.01, 0.9, 1e-8);
    double[] lrs = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01};
    assertTrajectory(closedForm(config, lrs), runGraph(config, lrs));
  }

  @Test
  void largeEpsilonIsAddedOutsideTheSquareRoot() {
    // With eps = 0.5 the two placements differ a lot: g/(sqrt(ms)+eps) vs g/sqrt(ms+eps).
    RmsPropConfig config = new RmsPropConfig(0.05, 0.8, 0.5);
    double[] lrs = {0.05, 0.05, 0.05, 0.05};
    assertTrajectory(closedForm(config, lrs), runGraph(config, lrs));
  }

  @Test
  void changingTheLearningRateChangesTheStepSize() {
    RmsPropConfig config = new RmsPropConfig(0.01, 0.9, 1e-8);
    double[] lrs = {0.01, 0.01, 0.1, 0.1, 0.001};
    float[][] graph = runGraph(config, lrs);
    assertTrajectory(closedForm(config, lrs), graph);
    // The step after the change is about 10x longer, exactly as the rule predicts for the new rate.
    double[][] expected = closedForm(config, lrs);
    double expectedRatio = Math.abs(expected[2][0] - expected[1][0]) / Math.abs(expected[1][0] - expected[0][0]);
    double ratio = Math.abs(graph[2][0] - graph[1][0]) / Math.abs(graph[1][0] - graph[0][0]);
    assertEquals(expectedRatio, ratio, 1e-3);
    assertTrue(ratio > 5, "ratio " + ratio);
    float[][] constant = runGraph(config, new double[] {0.01, 0.01, 0.01});
    assertTrue(Math.abs(constant[2][0] - graph[2][0]) > 1e-3, "a changed rate gives a different weight");
  }

  private static void assertTrajectory(double[][] expected, float[][] actual) {
    for (int step = 0; step < expected.length; step++) {
      for (int i = 0; i < 3; i++) {
        assertEquals(expected[step][i], actual[step][i], 1e-6, "step " + step + ", element " + i);
      }
    }
  }
}
