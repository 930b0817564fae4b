package dev.tfjrunner.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.LayerCall;
import dev.tfjrunner.model.layers.Stochastic;
import dev.tfjrunner.model.layers.TrainingSwitch;
import dev.tfjrunner.model.layers.WeightSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Each supported layer against real Keras 3.15.1 (src/test/resources/keras/layers, written by
 * scripts/keras-fixtures/make_layer_outputs.py): the config read through {@link KerasLayers}, the
 * output shape, weight shapes and parameter counts, the forward output on the fixture's input with
 * its weights (to 1e-5), the codec round trip, and that training can differentiate the layer.
 * Random layers: the identity in inference as in Keras; in training, the properties of their draws.
 */
class LayerOutputsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> FILES = List.of("DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose", "Conv2D",
      "UpSampling2D", "Cropping2D", "ZeroPadding2D", "LayerNormalization", "Rescaling", "Normalization", "Resizing",
      "CenterCrop", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
      "RandomBrightness", "Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Activation", "ReLU", "Identity",
      "Permute");

  /**
   * ImageProjectiveTransformV3 and ResizeArea have no gradient in TF Java: these layers (and
   * Resizing with area interpolation) must come before any trained layer, as preprocessing does.
   */
  private static final Set<String> NO_INPUT_GRADIENT = Set.of("RandomRotation", "RandomZoom", "RandomTranslation");

  private static final float TOLERANCE = 1e-5f;

  /** One fixture case. */
  record Case(String file, int index, JsonNode json) {
    String className() {
      return json.path("layer").path("class_name").asText();
    }

    JsonNode config() {
      return json.path("layer").path("config");
    }

    long[] inputShape() {
      return withoutBatch(json.path("input_shape"));
    }

    @Override
    public String toString() {
      return file + "[" + index + "] " + config().path("name").asText();
    }
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String file : FILES) {
      JsonNode cases = load(file + ".json").path("cases");
      for (int i = 0; i < cases.size(); i++) {
        out.add(Arguments.of(new Case(file, i, cases.get(i))));
      }
    }
    return out.stream();
  }

  private static JsonNode load(String name) throws IOException {
    try (InputStream in = LayerOutputsTest.class.getResourceAsStream("/keras/layers/" + name)) {
      assertNotNull(in, name);
      return JSON.readTree(in);
    }
  }

  private static Layer read(Case c) {
    return KerasLayers.read(c.className(), new LayerConfig(c.config(), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shapesAndParametersAreKeras(Case c) {
    Layer layer = read(c);
    long[] in = c.inputShape();
    assertArrayEquals(withoutBatch(c.json().path("output_shape")), layer.outputShape(in), "output shape");
    List<WeightSpec> specs = layer.weights(in);
    JsonNode weights = c.json().path("weights");
    assertEquals(weights.size(), specs.size(), "weights");
    for (int i = 0; i < specs.size(); i++) {
      assertEquals(weights.get(i).path("name").asText(), specs.get(i).name());
      assertArrayEquals(longs(weights.get(i).path("shape")), specs.get(i).shape(), specs.get(i).name());
    }
    assertEquals(c.json().path("params").asLong(), specs.stream().mapToLong(WeightSpec::size).sum(), "params");
    assertEquals(c.json().path("trainable_params").asLong(),
        specs.stream().filter(WeightSpec::trainable).mapToLong(WeightSpec::size).sum(), "trainable params");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inferenceOutputIsKeras(Case c) {
    Layer layer = read(c);
    float[] expected = floats(c.json().path("output"));
    float[] actual = run(c, layer, null);
    assertEquals(expected.length, actual.length, "output size");
    for (int i = 0; i < expected.length; i++) {
      float tolerance = TOLERANCE * Math.max(1, Math.abs(expected[i]));
      if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
        fail(c + ": output " + i + " is " + actual[i] + ", Keras computed " + expected[i]);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void codecRoundTrips(Case c) {
    Layer layer = read(c);
    JsonNode written = KerasLayers.write(layer);
    assertEquals(c.className(), written.path("class_name").asText());
    assertEquals(layer, KerasLayers.read(c.className(), new LayerConfig(written.path("config"), true)));
    // Ours names no key Keras's own config lacks (but trainable, which every layer may carry and
    // Keras 3's SpatialDropout2D leaves out).
    List<String> ours = new ArrayList<>();
    written.path("config").fieldNames().forEachRemaining(ours::add);
    List<String> theirs = new ArrayList<>(List.of("trainable"));
    c.config().fieldNames().forEachRemaining(theirs::add);
    assertTrue(theirs.containsAll(ours), "keys " + ours + " not all in Keras's " + theirs);
  }

  /** Every layer's ops can be differentiated in a training graph: to its weights, and to its input. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void trainingGraphHasGradients(Case c) {
    Layer layer = read(c);
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Built built = build(tf, c, layer, new TrainingSwitch(tf.constant(true), tf.constant(new long[] {7, 3})));
      List<Output<?>> wrt = new ArrayList<>();
      List<WeightSpec> specs = layer.weights(c.inputShape());
      for (int i = 0; i < specs.size(); i++) {
        if (specs.get(i).trainable()) {
          wrt.add(built.weights().get(i).asOutput());
        }
      }
      if (!NO_INPUT_GRADIENT.contains(c.className())
          && !c.config().path("interpolation").asText().equals("area")) {
        wrt.add(built.input().asOutput());
      }
      if (wrt.isEmpty()) {
        return;
      }
      Output<?>[] grads = graph.addGradients(tf.sum(built.output(), tf.constant(allAxes(built.output()))).asOutput(),
          wrt.toArray(new Output<?>[0]));
      Session.Runner runner = session.runner();
      for (Output<?> g : grads) {
        runner.fetch(g);
      }
      try (Result result = runner.run()) {
        assertEquals(grads.length, result.size());
      }
    }
  }

  static Stream<Arguments> randomCases() throws IOException {
    return cases().filter(a -> a.get()[0] instanceof Case c && read(c) instanceof Stochastic);
  }

  /**
   * In a training graph: the identity when the switch is off; when on, a change (as in Keras) that
   * depends only on the step seed, with the layer's own properties.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("randomCases")
  void randomLayersTrainOnlyAndSeeded(Case c) {
    Layer layer = read(c);
    float[] x = floats(c.json().path("input"));
    assertArrayEquals(x, run(c, layer, false, 5), 0f, "off: the identity");
    float[] y = run(c, layer, true, 5);
    assertArrayEquals(y, run(c, layer, true, 5), 0f, "the same step seed draws the same");
    // Over a few steps, the draws change the input and differ from step to step (a flip of two
    // images may leave both alone in one step).
    List<float[]> steps = new ArrayList<>();
    for (long step = 6; step < 12; step++) {
      steps.add(run(c, layer, true, step));
    }
    assertTrue(steps.stream().anyMatch(s -> !Arrays.equals(s, x)), "on: changes the input");
    assertTrue(steps.stream().anyMatch(s -> !Arrays.equals(s, y)), "another step draws anew");
    JsonNode config = c.config();
    float min = min(x);
    float max = max(x);
    switch (c.className()) {
      case "RandomFlip" -> assertFlipped(c, x, y, config.path("mode").asText());
      case "RandomContrast", "RandomBrightness" -> assertWithin(y, (float) config.path("value_range").get(0).asDouble(),
          (float) config.path("value_range").get(1).asDouble());
      case "RandomRotation", "RandomZoom", "RandomTranslation" -> {
        float fill = config.path("fill_mode").asText().equals("constant") ? (float) config.path("fill_value").asDouble()
            : min;
        assertWithin(y, Math.min(min, fill) - 1e-3f, Math.max(max, fill) + 1e-3f);
      }
      case "GaussianNoise" -> {
        double[] stats = meanAndSd(y, x, false);
        assertEquals(0, stats[0], 0.1, "noise mean");
        assertEquals(config.path("stddev").asDouble(), stats[1], 0.1, "noise sd");
      }
      case "GaussianDropout" -> {
        double rate = config.path("rate").asDouble();
        double[] stats = meanAndSd(y, x, true);
        assertEquals(1, stats[0], 0.15, "factor mean");
        assertEquals(Math.sqrt(rate / (1 - rate)), stats[1], 0.15, "factor sd");
      }
      case "AlphaDropout" -> {
        double rate = config.path("rate").asDouble();
        double alphaP = -1.6732632423543772 * 1.0507009873554805;
        double a = Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
        float droppedValue = (float) (a * alphaP - a * alphaP * rate);
        long dropped = 0;
        for (float v : y) {
          dropped += Math.abs(v - droppedValue) < 1e-5 ? 1 : 0;
        }
        assertEquals(rate, dropped / (double) y.length, 0.06, "dropped fraction");
      }
      case "Dropout", "SpatialDropout2D" -> assertDropped(c, x, y);
      default -> fail("no property check for " + c.className());
    }
  }

  /**
   * Each value is dropped (0) or kept and scaled by 1 / (1 - rate), all alike along the axes where
   * the noise shape is 1 (SpatialDropout2D: height and width); about 1 - rate of them are kept.
   */
  private static void assertDropped(Case c, float[] x, float[] y) {
    double keep = 1 - c.config().path("rate").asDouble();
    long[] s = c.inputShape();
    JsonNode noise = c.config().path("noise_shape");
    boolean spatial = c.className().equals("SpatialDropout2D");
    java.util.Map<String, Boolean> drawn = new java.util.HashMap<>();
    int kept = 0;
    for (int i = 0; i < y.length; i++) {
      boolean isKept = y[i] != 0;
      if (isKept) {
        assertEquals(x[i] / keep, y[i], 1e-5 * Math.max(1, Math.abs(y[i])), "kept value " + i);
        kept++;
      }
      // (n, h, w, c) of value i, with the shared axes' indices set to 0.
      long[] index = {i / (s[0] * s[1] * s[2]), i / (s[1] * s[2]) % s[0], i / s[2] % s[1], i % s[2]};
      for (int axis = 0; axis < 4; axis++) {
        boolean shared = spatial ? axis == 1 || axis == 2 : noise.isArray() && noise.get(axis).asInt(0) == 1;
        index[axis] = shared ? 0 : index[axis];
      }
      Boolean before = drawn.putIfAbsent(Arrays.toString(index), isKept);
      assertTrue(before == null || before == isKept, "one draw along the shared axes, value " + i);
    }
    // Few draws (2 samples, or 2 x 3 channels) when they are shared: only a loose check then.
    assertEquals(keep, kept / (double) y.length, noise.isArray() || spatial ? 0.5 : 0.12, "kept fraction");
  }

  /** Each image is itself or flipped along the mode's axes. */
  private static void assertFlipped(Case c, float[] x, float[] y, String mode) {
    long[] s = c.inputShape();
    int h = (int) s[0];
    int w = (int) s[1];
    int ch = (int) s[2];
    int image = h * w * ch;
    boolean rows = !mode.equals("horizontal");
    boolean cols = !mode.equals("vertical");
    int flippedImages = 0;
    for (int n = 0; n < y.length / image; n++) {
      boolean same = true;
      boolean flipped = true;
      for (int r = 0; r < h; r++) {
        for (int col = 0; col < w; col++) {
          for (int k = 0; k < ch; k++) {
            float v = y[n * image + (r * w + col) * ch + k];
            same &= v == x[n * image + (r * w + col) * ch + k];
            int fr = rows ? h - 1 - r : r;
            int fc = cols ? w - 1 - col : col;
            flipped &= v == x[n * image + (fr * w + fc) * ch + k];
          }
        }
      }
      assertTrue(same || flipped, "image " + n + " is itself or flipped " + mode);
      flippedImages += same ? 0 : 1;
    }
    assertTrue(flippedImages > 0, "some image flips");
  }

  @Test
  void refusesAnUnsupportedLayerNamingItAndItsClass() throws IOException {
    String json;
    try (InputStream in = LayerOutputsTest.class.getResourceAsStream("/keras/layers/refused-lambda.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ModelConfigException e = assertThrows(ModelConfigException.class,
        () -> KerasModelReader.parse(json, "refused-lambda.json"));
    String layerName = JSON.readTree(json).path("config").path("layers").get(2).path("config").path("name").asText();
    assertTrue(e.getMessage().startsWith("refused-lambda.json: layer 2 '" + layerName + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("Lambda is not supported"), e.getMessage());
    assertTrue(e.getMessage().contains("RandomFlip") && e.getMessage().contains("DepthwiseConv2D"),
        "the supported list names the new layers: " + e.getMessage());
  }

  // --------------------------------------------------------------------------------- helpers

  private record Built(Operand<TFloat32> input, List<Operand<TFloat32>> weights, Operand<TFloat32> output) {}

  /** The layer on the fixture's input, with its weights as constants. */
  private static Built build(Ops tf, Case c, Layer layer, TrainingSwitch training) {
    long[] in = c.inputShape();
    List<Operand<TFloat32>> weights = new ArrayList<>();
    for (JsonNode w : c.json().path("weights")) {
      weights.add(tf.constant(Shape.of(longs(w.path("shape"))), DataBuffers.of(floats(w.path("values")), true, false)));
    }
    Operand<TFloat32> x = tf.constant(Shape.of(longs(c.json().path("input_shape"))),
        DataBuffers.of(floats(c.json().path("input")), true, false));
    Ops scope = tf.withSubScope(layer.name());
    Operand<TFloat32> y = layer.call(new LayerCall(scope, in, layer.outputShape(in), weights, List.of(), training, 1,
        new ArrayList<>()), x);
    return new Built(x, weights, y);
  }

  /** The output in a forward-only graph ({@code training} null) or a training graph switched on or off. */
  private static float[] run(Case c, Layer layer, Boolean training, long step) {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      TrainingSwitch sw = training == null ? null
          : new TrainingSwitch(tf.constant(training), tf.constant(new long[] {42, step}));
      Operand<TFloat32> y = build(tf, c, layer, sw).output();
      try (Result result = session.runner().fetch(y).run()) {
        TFloat32 t = (TFloat32) result.get(0);
        float[] values = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values, false, false));
        return values;
      }
    }
  }

  private static float[] run(Case c, Layer layer, Boolean training) {
    return run(c, layer, training, 0);
  }

  private static int[] allAxes(Operand<TFloat32> y) {
    int[] axes = new int[y.shape().numDimensions()];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return axes;
  }

  private static void assertWithin(float[] y, float low, float high) {
    for (float v : y) {
      assertTrue(v >= low && v <= high, v + " outside [" + low + ", " + high + "]");
    }
  }

  /** Mean and sd of y - x, or of y / x (where |x| > 0.1) when {@code ratio}. */
  private static double[] meanAndSd(float[] y, float[] x, boolean ratio) {
    List<Double> d = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      if (!ratio) {
        d.add((double) y[i] - x[i]);
      } else if (Math.abs(x[i]) > 0.1) {
        d.add((double) y[i] / x[i]);
      }
    }
    double mean = d.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double var = d.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (d.size() - 1);
    return new double[] {mean, Math.sqrt(var)};
  }

  private static float min(float[] v) {
    float m = Float.POSITIVE_INFINITY;
    for (float f : v) {
      m = Math.min(m, f);
    }
    return m;
  }

  private static float max(float[] v) {
    float m = Float.NEGATIVE_INFINITY;
    for (float f : v) {
      m = Math.max(m, f);
    }
    return m;
  }

  private static long[] withoutBatch(JsonNode shape) {
    long[] all = longs(shape);
    return Arrays.copyOfRange(all, 1, all.length);
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
