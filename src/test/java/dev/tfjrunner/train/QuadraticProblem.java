package dev.tfjrunner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfjrunner.model.Network.Weight;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A three-element weight w under loss = sum(scale * w^2) (gradient 2 * scale * w), trained by an
 * {@link Optimizer} graph, and the same steps of a Keras rule in Java double for comparison.
 */
final class QuadraticProblem {

  static final float[] START = {1.5f, -0.5f, 0.25f};
  static final float[] SCALE = {1f, 3f, -2f};

  /** One element's step of a Keras rule: returns the new w, updates the element's {@code slots}. */
  @FunctionalInterface
  interface Rule {
    double step(double w, double g, double lr, int t, double[] slots);
  }

  private QuadraticProblem() {}

  /** The rule in double: w after each step, step t (from 1) with learning rate {@code learningRates[t - 1]}. */
  static double[][] closedForm(Rule rule, double[] learningRates) {
    double[] w = new double[START.length];
    double[][] slots = new double[START.length][3];
    for (int i = 0; i < w.length; i++) {
      w[i] = START[i];
    }
    double[][] trajectory = new double[learningRates.length][];
    for (int step = 0; step < learningRates.length; step++) {
      for (int i = 0; i < w.length; i++) {
        w[i] = rule.step(w[i], 2 * SCALE[i] * w[i], learningRates[step], step + 1, slots[i]);
      }
      trajectory[step] = w.clone();
    }
    return trajectory;
  }

  /** The graph's w after each step, the learning rate set before every step. */
  static float[][] runGraph(OptimizerConfig config, double[] learningRates) {
    return runGraph(config, learningRates, learningRates.length, null);
  }

  /**
   * Like {@link #runGraph(OptimizerConfig, double[])}, but after {@code stopAfter} steps saves a
   * checkpoint under {@code directory}, and takes the remaining steps in a new graph and session
   * restored from it (a resumed run).
   */
  static float[][] runGraph(OptimizerConfig config, double[] learningRates, int stopAfter, Path directory) {
    float[][] trajectory = new float[learningRates.length][];
    try (Problem first = new Problem(config)) {
      first.steps(learningRates, 0, stopAfter, trajectory);
      if (stopAfter == learningRates.length) {
        return trajectory;
      }
      first.session.save(directory.resolve("ckpt").toString());
    }
    try (Problem resumed = new Problem(config)) {
      resumed.session.restore(directory.resolve("ckpt").toString());
      resumed.steps(learningRates, stopAfter, learningRates.length, trajectory);
    }
    return trajectory;
  }

  /** The names of the graph's variables, e.g. {@code Adam/w/m}. */
  static List<String> variableNames(OptimizerConfig config) {
    try (Problem problem = new Problem(config)) {
      return problem.graph.toGraphDef().getNodeList().stream()
          .filter(node -> node.getOp().equals("VariableV2")).map(node -> node.getName()).sorted().toList();
    }
  }

  static void assertTrajectory(double[][] expected, float[][] actual) {
    for (int step = 0; step < expected.length; step++) {
      for (int i = 0; i < START.length; i++) {
        assertEquals(expected[step][i], actual[step][i], 1e-6, "step " + (step + 1) + ", element " + i);
      }
    }
  }

  /** One graph and session holding the problem and its optimizer. */
  private static final class Problem implements AutoCloseable {
    final Graph graph = new Graph();
    final Session session;
    final Operand<TFloat32> value;
    final Optimizer optimizer;

    Problem(OptimizerConfig config) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(START));
      value = tf.identity(w);
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(tf.constant(SCALE), tf.math.square(value)), tf.constant(0));
      optimizer = Optimizer.minimize(tf, loss, List.of(new Weight("w", w, value, Shape.of(START.length), true)), config);
      session = new Session(graph);
      session.initialize();
    }

    void steps(double[] learningRates, int from, int to, float[][] trajectory) {
      for (int step = from; step < to; step++) {
        try (TFloat32 lr = TFloat32.scalarOf((float) learningRates[step])) {
          session.runner().feed(optimizer.newLearningRate(), lr).addTarget(optimizer.setLearningRateOp()).run();
        }
        session.runner().addTarget(optimizer.update()).run();
        try (Result r = session.runner().fetch(value).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          trajectory[step] = new float[START.length];
          for (int i = 0; i < START.length; i++) {
            trajectory[step][i] = t.getFloat(i);
          }
        }
      }
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }
}
