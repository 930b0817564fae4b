package dev.tfjrunner.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.train.Batch;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** BatchNormalization in training (batch statistics, moving-statistics update) and in inference. */
class BatchNormalizationTest {

  /** Two channels over a batch of 3 pixels each: [3, 1, 1, 2]. */
  private static final float[] X = {1, 10, 2, 20, 6, 60};
  private static final float[] GAMMA = {2, 0.5f};
  private static final float[] BETA = {0.1f, -1};
  private static final float[] MOVING_MEAN = {0.5f, 5};
  private static final float[] MOVING_VARIANCE = {4, 9};

  private static float[] run(boolean training) {
    BatchNormalization bn = BatchNormalization.of().withName("bn");
    long[] shape = {1, 1, 2};
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      List<Variable<TFloat32>> variables = new ArrayList<>();
      List<Operand<TFloat32>> values = new ArrayList<>();
      for (float[] init : new float[][] {GAMMA, BETA, MOVING_MEAN, MOVING_VARIANCE}) {
        Variable<TFloat32> v = tf.variable(tf.constant(init));
        variables.add(v);
        values.add(tf.identity(v));
      }
      Operand<TFloat32> x = tf.constant(Shape.of(3, 1, 1, 2), DataBuffers.of(X, true, false));
      TrainingSwitch on = new TrainingSwitch(tf.constant(training), tf.constant(new long[] {1, 0}));
      Operand<TFloat32> y = bn.call(new LayerCall(tf, shape, shape, values, variables, on, 0, new ArrayList<>()), x);
      session.initialize();
      try (Result result = session.runner().fetch(y).run()) {
        float[] out = new float[X.length];
        ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
        return out;
      }
    }
  }

  @Test
  void trainingNormalisesWithTheBatchsMeanAndBiasedVariance() {
    float[] out = run(true);
    for (int c = 0; c < 2; c++) {
      double mean = (X[c] + X[2 + c] + X[4 + c]) / 3;
      double variance = (sq(X[c] - mean) + sq(X[2 + c] - mean) + sq(X[4 + c] - mean)) / 3;
      for (int n = 0; n < 3; n++) {
        double expected = (X[2 * n + c] - mean) / Math.sqrt(variance + 1e-3) * GAMMA[c] + BETA[c];
        assertEquals(expected, out[2 * n + c], 1e-5, "image " + n + " channel " + c);
      }
    }
  }

  @Test
  void inferenceUsesTheMovingStatistics() {
    float[] out = run(false);
    for (int n = 0; n < 3; n++) {
      for (int c = 0; c < 2; c++) {
        double expected = (X[2 * n + c] - MOVING_MEAN[c]) / Math.sqrt(MOVING_VARIANCE[c] + 1e-3) * GAMMA[c] + BETA[c];
        assertEquals(expected, out[2 * n + c], 1e-5, "image " + n + " channel " + c);
      }
    }
  }

  private static double sq(double v) {
    return v * v;
  }

  /**
   * After one training step the moving statistics are {@code moving * 0.99 + batch * 0.01}, from
   * zero mean and unit variance, with the batch's biased variance; evaluation leaves them alone.
   */
  @Test
  void aTrainingStepUpdatesTheMovingStatistics() {
    Sequential model = Sequential.of("bn", Input.of(2, 2, 1), BatchNormalization.of(), Flatten.of(),
        Dense.of(3).activation(Activation.SOFTMAX));
    float[] pixels = {26 / 255f, 230 / 255f, 102 / 255f, 77 / 255f, 204 / 255f, 51 / 255f, 128 / 255f, 179 / 255f, 0f, 1f,
        153 / 255f, 64 / 255f}; // 8-bit values, as LabeledImages stores them
    LabeledImages data = LabeledImages.grayscale(pixels, new int[] {0, 1, 2}, 2, 2);
    try (TrainingGraph graph = TrainingGraph.create(ModelSpec.of(model), RmsPropConfig.KERAS_DEFAULTS, 7,
        SessionSettings.of(1, 1, false))) {
      assertEquals(List.of("batch_normalization/gamma", "batch_normalization/beta", "batch_normalization/moving_mean",
          "batch_normalization/moving_variance", "dense/kernel", "dense/bias"),
          graph.network().weights().stream().map(w -> w.name()).toList());
      assertEquals(4, graph.network().trainableWeights().size());
      graph.evaluate(data, 3);
      assertArrayEquals(new float[] {0}, graph.readWeights()[2]);
      assertArrayEquals(new float[] {1}, graph.readWeights()[3]);
      try (Batch batch = Batch.of(data, 0, 3)) {
        graph.trainStep(batch, 0);
      }
      double mean = 0;
      for (float p : pixels) {
        mean += p / pixels.length;
      }
      double variance = 0;
      for (float p : pixels) {
        variance += sq(p - mean) / pixels.length;
      }
      float[][] weights = graph.readWeights();
      assertEquals(0 * 0.99 + mean * 0.01, weights[2][0], 1e-6);
      assertEquals(1 * 0.99 + variance * 0.01, weights[3][0], 1e-6);
      // gamma and beta trained; the prediction path uses the new moving statistics
      assertEquals(3, graph.predict(data, 3)[0].length);
    }
  }
}
