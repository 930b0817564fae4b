package dev.tfjrunner.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.testing.GraphRun;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Layer shapes and values against Keras's shape rules and hand-computed or closed-form results. */
class LayersTest {

  private static final float TOLERANCE = 1e-6f;

  /** Runs {@code layer} (forward-only, no training switch) on {@code input} [1] + {@code shape} with constant weights. */
  private static float[] forward(Layer layer, long[] shape, float[] input, float[]... weights) {
    long[] out = layer.outputShape(shape);
    return GraphRun.eval(tf -> {
      List<Operand<TFloat32>> values = new ArrayList<>();
      List<WeightSpec> specs = layer.weights(shape);
      for (int i = 0; i < weights.length; i++) {
        values.add(tf.constant(Shape.of(specs.get(i).shape()), DataBuffers.of(weights[i], true, false)));
      }
      long[] batchOfOne = Shapes.withBatch(shape);
      batchOfOne[0] = 1;
      Operand<TFloat32> x = tf.constant(Shape.of(batchOfOne), DataBuffers.of(input, true, false));
      Operand<TFloat32> y = layer.call(new LayerCall(tf, shape, out, values, List.of(), null, 0, new ArrayList<>()), x);
      long[] expected = Shapes.withBatch(out);
      expected[0] = 1;
      assertArrayEquals(expected, y.shape().asArray(), layer.className() + " graph shape");
      return y;
    });
  }

  private static float[] range(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i + 1;
    }
    return v;
  }

  @Test
  void convolutionShapesFollowKerasRules() {
    // valid: floor((n - d*(k-1) - 1) / s) + 1; same: ceil(n / s)
    assertEquals(3, Padding.VALID.outputLength(7, 3, 2, 1));
    assertEquals(4, Padding.SAME.outputLength(7, 3, 2, 1));
    assertEquals(3, Padding.VALID.outputLength(7, 3, 1, 2));
    assertEquals(7, Padding.SAME.outputLength(7, 5, 1, 1));
    assertEquals(2, Padding.VALID.outputLength(28, 14, 14, 1));
    Conv2D strided = new Conv2D(null, 4, new Size2(3, 2), new Size2(2, 3), Padding.VALID, Size2.square(1),
        Activation.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS, null, null);
    assertArrayEquals(new long[] {4, 3, 4}, strided.outputShape(new long[] {9, 9, 2}));
    float[] out = forward(strided, new long[] {9, 9, 2}, new float[9 * 9 * 2], new float[3 * 2 * 2 * 4], new float[4]);
    assertEquals(4 * 3 * 4, out.length);
    // k_h * k_w * C_in * filters + filters
    assertEquals(3 * 3 * 12 * 8 + 8, Conv2D.of(8, 3).weights(new long[] {5, 5, 12}).stream().mapToLong(WeightSpec::size).sum());
  }

  @Test
  void stridedSameConvolutionComputesTheRightPixels() {
    // A 1x1 kernel of weight 2 with stride 2 picks every other pixel of a 4x4 ramp.
    Conv2D conv = Conv2D.of(1, 1).strides(2).padding(Padding.SAME);
    float[] out = forward(conv, new long[] {4, 4, 1}, range(16), new float[] {2}, new float[] {0.5f});
    assertArrayEquals(new float[] {2 * 1 + 0.5f, 2 * 3 + 0.5f, 2 * 9 + 0.5f, 2 * 11 + 0.5f}, out, TOLERANCE);
  }

  @Test
  void poolingWithStridesUnlikeThePoolSize() {
    Pooling2D pool = Pooling2D.max(3).strides(2);
    assertArrayEquals(new long[] {2, 2, 1}, pool.outputShape(new long[] {5, 5, 1}));
    // 5x5 ramp 1..25: windows start at rows/cols 0 and 2, each max is its bottom-right corner.
    assertArrayEquals(new float[] {13, 15, 23, 25}, forward(pool, new long[] {5, 5, 1}, range(25)), TOLERANCE);
  }

  @Test
  void averagePoolingAveragesOnlyPixelsInsideTheImage() {
    float[] valid = forward(Pooling2D.average(2), new long[] {4, 4, 1}, range(16));
    assertArrayEquals(new float[] {(1 + 2 + 5 + 6) / 4f, (3 + 4 + 7 + 8) / 4f, (9 + 10 + 13 + 14) / 4f,
        (11 + 12 + 15 + 16) / 4f}, valid, TOLERANCE);
    // same padding on 3x3: the right and bottom windows hang over the edge and average what is inside.
    float[] same = forward(Pooling2D.average(2).padding(Padding.SAME), new long[] {3, 3, 1}, range(9));
    assertArrayEquals(new float[] {(1 + 2 + 4 + 5) / 4f, (3 + 6) / 2f, (7 + 8) / 2f, 9}, same, TOLERANCE);
  }

  @Test
  void globalPoolingReducesHeightAndWidth() {
    float[] input = {1, -1, 2, -2, 3, -3, 4, -4}; // 2x2 pixels, 2 channels
    assertArrayEquals(new float[] {2.5f, -2.5f}, forward(GlobalPooling2D.average(), new long[] {2, 2, 2}, input), TOLERANCE);
    assertArrayEquals(new float[] {4, -1}, forward(GlobalPooling2D.max(), new long[] {2, 2, 2}, input), TOLERANCE);
    assertArrayEquals(new long[] {1, 1, 2}, new GlobalPooling2D(null, Pooling2D.Kind.MAX, true).outputShape(new long[] {2, 2, 2}));
  }

  private static final float[] POINTS = {-3f, -1.5f, -0.25f, 0f, 0.4f, 1f, 2.5f};

  private static void assertActivation(Activation activation, DoubleUnaryOperator expected) {
    float[] out = forward(ActivationLayer.of(activation), new long[] {POINTS.length}, POINTS);
    for (int i = 0; i < POINTS.length; i++) {
      assertEquals(expected.applyAsDouble(POINTS[i]), out[i], 2e-6, activation + " at " + POINTS[i]);
    }
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** erf by its series (x small here): 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)). */
  private static double erf(double x) {
    double sum = 0;
    double term = x;
    for (int n = 0; n < 60; n++) {
      sum += term / (2 * n + 1);
      term *= -x * x / (n + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }

  @Test
  void everyActivationMatchesItsDefinition() {
    double alpha = 1.6732632423543772;
    double scale = 1.0507009873554805;
    assertActivation(Activation.LINEAR, x -> x);
    assertActivation(Activation.RELU, x -> Math.max(0, x));
    assertActivation(Activation.SIGMOID, LayersTest::sigmoid);
    assertActivation(Activation.TANH, Math::tanh);
    assertActivation(Activation.ELU, x -> x > 0 ? x : Math.exp(x) - 1);
    assertActivation(Activation.SELU, x -> scale * (x > 0 ? x : alpha * (Math.exp(x) - 1)));
    assertActivation(Activation.SOFTPLUS, x -> Math.log1p(Math.exp(x)));
    assertActivation(Activation.SOFTSIGN, x -> x / (1 + Math.abs(x)));
    assertActivation(Activation.SWISH, x -> x * sigmoid(x));
    assertActivation(Activation.GELU, x -> 0.5 * x * (1 + erf(x / Math.sqrt(2))));
    assertActivation(Activation.HARD_SIGMOID, x -> Math.min(1, Math.max(0, 0.2 * x + 0.5)));
    assertActivation(Activation.HARD_SIGMOID_KERAS3, x -> Math.min(6, Math.max(0, x + 3)) / 6);
    double sum = 0;
    for (float p : POINTS) {
      sum += Math.exp(p);
    }
    double total = sum;
    assertActivation(Activation.SOFTMAX, x -> Math.exp(x) / total);
    assertEquals(Activation.SWISH, Activation.fromKeras("silu", true));
    assertEquals(Activation.HARD_SIGMOID, Activation.fromKeras("hard_sigmoid", false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.fromKeras("leaky_relu", false));
    assertTrue(e.getMessage().contains("supported: linear, relu"), e.getMessage());
  }

  @Test
  void leakyAndParameterisedReLU() {
    float[] leaky = forward(LeakyReLU.of(0.3), new long[] {POINTS.length}, POINTS);
    float[] relu = forward(new ReLU(null, 2.0, 0.1, 0.5), new long[] {POINTS.length}, POINTS);
    for (int i = 0; i < POINTS.length; i++) {
      double x = POINTS[i];
      assertEquals(x >= 0 ? x : 0.3 * x, leaky[i], TOLERANCE, "leaky at " + x);
      assertEquals(x >= 2 ? 2 : x >= 0.5 ? x : 0.1 * (x - 0.5), relu[i], TOLERANCE, "relu at " + x);
    }
  }

  @Test
  void reshapingLayers() {
    float[] padded = forward(new ZeroPadding2D(null, 1, 0, 0, 2), new long[] {1, 2, 1}, new float[] {5, 6});
    assertArrayEquals(new float[] {0, 0, 0, 0, 5, 6, 0, 0}, padded, TOLERANCE);
    assertArrayEquals(new long[] {3, 4}, Reshape.of(-1, 4).outputShape(new long[] {2, 3, 2}));
    assertArrayEquals(range(12), forward(Reshape.of(-1, 4), new long[] {2, 3, 2}, range(12)), TOLERANCE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Reshape.of(5, 5).outputShape(new long[] {2, 3, 2}));
    assertTrue(e.getMessage().contains("cannot reshape (None, 2, 3, 2) (12 values) to (None, 5, 5)"), e.getMessage());
    assertArrayEquals(new long[] {12}, Flatten.of().outputShape(new long[] {2, 3, 2}));
  }

  @Test
  void denseNeedsAFlatInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dense.of(10).outputShape(new long[] {7, 7, 64}));
    assertTrue(e.getMessage().contains("Dense needs an input of rank 1"), e.getMessage());
    assertTrue(e.getMessage().contains("(None, 7, 7, 64)"), e.getMessage());
    assertTrue(e.getMessage().contains("add a Flatten before it"), e.getMessage());
  }

  @Test
  void kerasAutomaticNames() {
    assertEquals("conv2d", Layer.baseName("Conv2D"));
    assertEquals("max_pooling2d", Layer.baseName("MaxPooling2D"));
    assertEquals("batch_normalization", Layer.baseName("BatchNormalization"));
    assertEquals("leaky_re_lu", Layer.baseName("LeakyReLU"));
    assertEquals("global_average_pooling2d", Layer.baseName("GlobalAveragePooling2D"));
    assertEquals("spatial_dropout2d", Layer.baseName("SpatialDropout2D"));
  }
}
