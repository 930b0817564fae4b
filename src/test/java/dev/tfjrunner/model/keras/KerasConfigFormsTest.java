package dev.tfjrunner.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.ActivationLayer;
import dev.tfjrunner.model.layers.BatchNormalization;
import dev.tfjrunner.model.layers.Conv2D;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Dropout;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.model.layers.GlobalPooling2D;
import dev.tfjrunner.model.layers.Initializer;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.LeakyReLU;
import dev.tfjrunner.model.layers.Padding;
import dev.tfjrunner.model.layers.Pooling2D;
import dev.tfjrunner.model.layers.Regularizer;
import dev.tfjrunner.model.layers.Size2;
import dev.tfjrunner.model.layers.ZeroPadding2D;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Keras Sequential config forms {@link KerasModelReader} reads, one fixture per Keras era
 * (src/test/resources/keras-configs, written as each version's {@code model.to_json()} emits it),
 * and the files it must reject. Expected shapes and parameter counts are computed here from Keras's
 * rules: valid {@code floor((n - k) / s) + 1}, same {@code ceil(n / s)}; Conv2D {@code k*k*C_in*F + F};
 * Dense {@code in*units + units}; BatchNormalization 4*C parameters of which 2*C are trainable.
 */
class KerasConfigFormsTest {

  // ------------------------------------------------------------------------------------- forms

  /** Keras 2.0-2.2: a bare layer list, input shape and dtype on the first layer, glorot as VarianceScaling. */
  @Test
  void keras20ListConfig() throws Exception {
    KerasModel read = read("keras20-list-config.json");
    Model model = read.model();
    assertArrayEquals(new long[] {28, 28, 1}, model.input().dims());
    assertNull(read.compileConfig());
    assertFormatMentions(read, "keras 2");

    long c1 = valid(28, 3, 1); // conv2d_1 3x3 valid -> 26
    long c2 = same(c1, 2); // conv2d_2 3x3 stride 2 same -> 13
    long p1 = valid(c2, 3, 2); // max_pooling2d_1 pool 3 stride 2 -> 6
    long flat = p1 * p1 * 64;
    long conv1 = 3 * 3 * 1 * 32 + 32;
    long conv2 = 3 * 3 * 32 * 64 + 64;
    long dense1 = flat * 128 + 128;
    long dense2 = 128 * 10 + 10;
    ModelSummary summary = model.summary();
    assertRows(summary,
        List.of("conv2d_1", "conv2d_2", "max_pooling2d_1", "dropout_1", "flatten_1", "dense_1", "dropout_2", "dense_2"),
        new long[][] {{c1, c1, 32}, {c2, c2, 64}, {p1, p1, 64}, {p1, p1, 64}, {flat}, {128}, {128}, {10}},
        new long[] {conv1, conv2, 0, 0, 0, dense1, 0, dense2});
    long total = conv1 + conv2 + dense1 + dense2;
    assertTotals(summary, total, total);

    // VarianceScaling(scale 1.0, fan_avg, uniform) is how Keras 2.0-2.2 write glorot_uniform.
    Conv2D first = (Conv2D) model.layers().get(0);
    assertEquals(Initializer.GLOROT_UNIFORM, first.kernelInitializer());
    assertEquals(Initializer.ZEROS, first.biasInitializer());
    assertEquals(List.of(
        conv("conv2d_1", 32, 3, 1, Padding.VALID, Activation.RELU, Initializer.GLOROT_UNIFORM),
        conv("conv2d_2", 64, 3, 2, Padding.SAME, Activation.RELU, Initializer.GLOROT_UNIFORM),
        new Pooling2D("max_pooling2d_1", Pooling2D.Kind.MAX, Size2.square(3), Size2.square(2), Padding.VALID),
        new Dropout("dropout_1", 0.25, false),
        new Flatten("flatten_1"),
        Dense.of(128).activation(Activation.RELU).withName("dense_1"),
        new Dropout("dropout_2", 0.5, false),
        Dense.of(10).activation(Activation.SOFTMAX).withName("dense_2")), model.layers());
  }

  /**
   * tf.keras 2.4-2.12: {name, layers} with an InputLayer, the shape repeated on the first layer, a
   * stale batch_input_shape on a later Dense (Keras ignores it), BatchNormalization with axis lists.
   */
  @Test
  void tfKeras24DictConfig() throws Exception {
    KerasModel read = read("tfkeras24-dict-config.json");
    Model model = read.model();
    assertEquals("sequential", model.name());
    assertArrayEquals(new long[] {28, 28, 1}, model.input().dims());
    assertNull(read.compileConfig());
    assertFormatMentions(read, "keras 2");

    long c = valid(28, 3, 1); // 26
    long p = valid(c, 2, 2); // 13
    long flat = p * p * 32;
    long conv = 3 * 3 * 1 * 32 + 32;
    long bn1 = 4 * 32;
    long dense = flat * 128 + 128;
    long bn2 = 4 * 128;
    long dense1 = 128 * 10 + 10;
    ModelSummary summary = model.summary();
    assertRows(summary,
        List.of("conv2d", "batch_normalization", "activation", "max_pooling2d", "dropout", "flatten", "dense",
            "batch_normalization_1", "dense_1"),
        new long[][] {{c, c, 32}, {c, c, 32}, {c, c, 32}, {p, p, 32}, {p, p, 32}, {flat}, {128}, {128}, {10}},
        new long[] {conv, bn1, 0, 0, 0, 0, dense, bn2, dense1});
    long total = conv + bn1 + dense + bn2 + dense1;
    long trainable = conv + 2 * 32 + dense + 2 * 128 + dense1;
    assertTotals(summary, total, trainable);

    // The stale batch_input_shape [null, 784] on 'dense' is not its input: the Flatten's output is.
    assertArrayEquals(new long[] {flat}, summary.rows().get(6).inputShape());

    List<Layer> layers = model.layers();
    assertEquals(conv("conv2d", 32, 3, 1, Padding.VALID, Activation.LINEAR, Initializer.GLOROT_UNIFORM), layers.get(0));
    assertEquals(BatchNormalization.of().withName("batch_normalization"), layers.get(1));
    assertEquals(new ActivationLayer("activation", Activation.RELU), layers.get(2));
    assertEquals("Activation", layers.get(2).className());
    assertEquals(Pooling2D.max(2).withName("max_pooling2d"), layers.get(3));
    assertEquals(new Dropout("dropout", 0.25, false), layers.get(4));
    assertEquals(new Flatten("flatten"), layers.get(5));
    Dense dense128 = (Dense) layers.get(6);
    assertEquals(128, dense128.units());
    assertEquals(Activation.RELU, dense128.activation());
    assertEquals(Initializer.GLOROT_UNIFORM, dense128.kernelInitializer());
    assertL2(dense128.kernelRegularizer(), 1e-4f); // written 9.999999747378752e-05
    assertNull(dense128.biasRegularizer());
    assertEquals(BatchNormalization.of().withName("batch_normalization_1"), layers.get(7));
    assertEquals(Dense.of(10).activation(Activation.SOFTMAX).withName("dense_1"), layers.get(8));
  }

  /** Keras 2.13-2.15: module / registered_name / build_config on every layer and initializer, L2 as an object. */
  @Test
  void tfKeras215ModuleForm() throws Exception {
    KerasModel read = read("tfkeras215-module.json");
    Model model = read.model();
    assertEquals("sequential", model.name());
    assertArrayEquals(new long[] {64, 64, 3}, model.input().dims());
    assertNull(read.compileConfig());
    assertFormatMentions(read, "keras 2");

    long c1 = same(64, 1); // conv2d 3x3 same -> 64
    long p = valid(c1, 2, 2); // 32
    long c2 = valid(p, 3, 2); // conv2d_1 3x3 stride 2 valid -> 15
    long conv1 = 3 * 3 * 3 * 16 + 16;
    long conv2 = 3 * 3 * 16 * 32 + 32;
    long dense = 32 * 10 + 10;
    ModelSummary summary = model.summary();
    assertRows(summary,
        List.of("conv2d", "leaky_re_lu", "max_pooling2d", "conv2d_1", "global_average_pooling2d", "dense"),
        new long[][] {{c1, c1, 16}, {c1, c1, 16}, {p, p, 16}, {c2, c2, 32}, {32}, {10}},
        new long[] {conv1, 0, 0, conv2, 0, dense});
    assertTotals(summary, conv1 + conv2 + dense, conv1 + conv2 + dense);

    List<Layer> layers = model.layers();
    Conv2D first = (Conv2D) layers.get(0);
    assertEquals(Padding.SAME, first.padding());
    assertEquals(Activation.LINEAR, first.activation());
    assertEquals(Initializer.GLOROT_UNIFORM, first.kernelInitializer());
    assertEquals(Initializer.ZEROS, first.biasInitializer());
    assertL2(first.kernelRegularizer(), 1e-4f);
    LeakyReLU leaky = (LeakyReLU) layers.get(1);
    assertEquals("leaky_re_lu", leaky.name());
    assertEquals(0.1f, (float) leaky.negativeSlope()); // Keras 2 'alpha', written 0.10000000149011612
    assertEquals(Pooling2D.max(2).withName("max_pooling2d"), layers.get(2));
    assertEquals(conv("conv2d_1", 32, 3, 2, Padding.VALID, Activation.RELU, Initializer.GLOROT_UNIFORM), layers.get(3));
    assertEquals(new GlobalPooling2D("global_average_pooling2d", Pooling2D.Kind.AVERAGE, false), layers.get(4));
    assertEquals(Dense.of(10).activation(Activation.SOFTMAX).withName("dense"), layers.get(5));
  }

  /** Keras 3 (3.4-3.8 form): DTypePolicy objects, batch_shape, negative_slope, compile_config. */
  @Test
  void keras3() throws Exception {
    KerasModel read = read("keras3.json");
    Model model = read.model();
    assertFormatMentions(read, "keras 3");
    assertArrayEquals(new long[] {32, 32, 3}, model.input().dims());

    long c1 = same(32, 1); // 32
    long a = valid(c1, 2, 2); // 16
    long z = a + 1 + 1; // ZeroPadding2D(1) -> 18
    long c2 = valid(z, 3, 1); // 16
    long conv1 = 3 * 3 * 3 * 32 + 32;
    long bn = 4 * 32;
    long conv2 = 3 * 3 * 32 * 64 + 64;
    long dense = 64 * 5 + 5;
    ModelSummary summary = model.summary();
    assertRows(summary,
        List.of("conv2d", "batch_normalization", "leaky_re_lu", "average_pooling2d", "spatial_dropout2d",
            "zero_padding2d", "conv2d_1", "global_max_pooling2d", "dense"),
        new long[][] {{c1, c1, 32}, {c1, c1, 32}, {c1, c1, 32}, {a, a, 32}, {a, a, 32}, {z, z, 32}, {c2, c2, 64},
            {64}, {5}},
        new long[] {conv1, bn, 0, 0, 0, 0, conv2, 0, dense});
    assertTotals(summary, conv1 + bn + conv2 + dense, conv1 + 2 * 32 + conv2 + dense);

    // HeNormal {seed: null} is VarianceScaling(2, fan_in, truncated normal).
    Sequential expected = Sequential.of("sequential", Input.of(32, 32, 3),
        conv("conv2d", 32, 3, 1, Padding.SAME, Activation.LINEAR, Initializer.HE_NORMAL),
        BatchNormalization.of().withName("batch_normalization"),
        new LeakyReLU("leaky_re_lu", 0.1),
        Pooling2D.average(2).withName("average_pooling2d"),
        new Dropout("spatial_dropout2d", 0.2, true),
        new ZeroPadding2D("zero_padding2d", 1, 1, 1, 1),
        conv("conv2d_1", 64, 3, 1, Padding.VALID, Activation.RELU, Initializer.GLOROT_UNIFORM),
        new GlobalPooling2D("global_max_pooling2d", Pooling2D.Kind.MAX, false),
        Dense.of(5).activation(Activation.SOFTMAX).withName("dense"));
    assertEquals(expected, model);
    assertEquals("SpatialDropout2D", model.layers().get(4).className());

    JsonNode compile = read.compileConfig();
    assertNotNull(compile, "keras3.json has a compile_config");
    assertEquals("Adam", compile.path("optimizer").path("class_name").asText());
    assertEquals(5e-4f, (float) compile.path("optimizer").path("config").path("learning_rate").asDouble());
    assertEquals("categorical_crossentropy", compile.path("loss").asText());
  }

  /** A Flatten-first MLP on a rank-2 input [28, 28] (tf.keras 2.x). */
  @Test
  void rank2Mlp() throws Exception {
    KerasModel read = read("rank2-mlp.json");
    Model model = read.model();
    assertArrayEquals(new long[] {28, 28}, model.input().dims());
    long flat = 28 * 28;
    long dense = flat * 64 + 64;
    long dense1 = 64 * 10 + 10;
    ModelSummary summary = model.summary();
    assertRows(summary, List.of("flatten", "dense", "dense_1"), new long[][] {{flat}, {64}, {10}},
        new long[] {0, dense, dense1});
    assertTotals(summary, dense + dense1, dense + dense1);
    assertEquals(Sequential.of("sequential", Input.of(28, 28),
        new Flatten("flatten"),
        Dense.of(64).activation(Activation.RELU).withName("dense"),
        Dense.of(10).activation(Activation.SOFTMAX).withName("dense_1")), model);
  }

  /** A Keras 3 CNN ending in Dense(1, sigmoid), its loss written as a builtins 'function' object. */
  @Test
  void binarySigmoid() throws Exception {
    KerasModel read = read("binary-sigmoid.json");
    Model model = read.model();
    assertArrayEquals(new long[] {48, 48, 3}, model.input().dims());
    long c1 = valid(48, 3, 1); // 46
    long p1 = valid(c1, 2, 2); // 23
    long c2 = valid(p1, 3, 1); // 21
    long p2 = valid(c2, 2, 2); // 10
    long flat = p2 * p2 * 16;
    long conv1 = 3 * 3 * 3 * 8 + 8;
    long conv2 = 3 * 3 * 8 * 16 + 16;
    long dense = flat + 1;
    ModelSummary summary = model.summary();
    assertRows(summary, List.of("conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dense"),
        new long[][] {{c1, c1, 8}, {p1, p1, 8}, {c2, c2, 16}, {p2, p2, 16}, {flat}, {1}},
        new long[] {conv1, 0, conv2, 0, 0, dense});
    assertTotals(summary, conv1 + conv2 + dense, conv1 + conv2 + dense);
    assertEquals(1, model.outputUnits());
    Dense last = (Dense) model.layers().get(5);
    assertEquals(Activation.SIGMOID, last.activation());

    JsonNode loss = read.compileConfig().path("loss");
    assertEquals("function", loss.path("class_name").asText());
    assertEquals("binary_crossentropy", loss.path("config").asText());
  }

  /**
   * A .keras archive (zip: metadata.json, config.json, model.weights.h5) gives keras3.json's model;
   * no note claims its weights are not read (KerasWeightsReader reads them where a model is used).
   */
  @Test
  void kerasArchive(@TempDir Path dir) throws Exception {
    Path archive = dir.resolve("tiny-keras3.keras");
    byte[] config = Files.readAllBytes(fixture("keras3.json"));
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
      // Keras 3 saving_lib writes metadata.json, config.json, then model.weights.h5.
      putEntry(zip, "metadata.json",
          "{\"keras_version\": \"3.5.0\", \"date_saved\": \"2024-08-20@14:03:11\"}".getBytes(StandardCharsets.UTF_8));
      putEntry(zip, "config.json", config);
      byte[] weights = new byte[64];
      byte[] hdf5Signature = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
      System.arraycopy(hdf5Signature, 0, weights, 0, hdf5Signature.length);
      putEntry(zip, "model.weights.h5", weights);
    }

    KerasModel fromArchive = KerasModelReader.read(archive);
    KerasModel fromJson = read("keras3.json");
    assertEquals(fromJson.model(), fromArchive.model());
    assertEquals(fromJson.compileConfig(), fromArchive.compileConfig());
    assertFormatMentions(fromArchive, "keras 3");
    assertTrue(fromArchive.notes().stream().noneMatch(n -> n.toLowerCase(Locale.ROOT).contains("weights")),
        "no note about the weights: " + fromArchive.notes());
  }

  /** toKerasJson() and parse() give back an equal model, for every form. */
  @ParameterizedTest
  @ValueSource(strings = {"keras20-list-config.json", "tfkeras24-dict-config.json", "tfkeras215-module.json",
      "keras3.json", "rank2-mlp.json", "binary-sigmoid.json"})
  void roundTripsThroughToKerasJson(String file) throws Exception {
    Model model = read(file).model();
    String json = model.toKerasJson();
    KerasModel readBack = KerasModelReader.parse(json, file + " (written back)");
    assertEquals(model, readBack.model(), json);
    assertEquals(model.summary().totalParameters(), readBack.model().summary().totalParameters());
  }

  @Test
  void unreadableFileIsAnIOException(@TempDir Path dir) {
    assertThrows(IOException.class, () -> KerasModelReader.read(dir.resolve("no-such-model.json")));
  }

  // ------------------------------------------------------------------------------------ errors

  @Test
  void rejectsTensorFlowJsModelJson() {
    assertRejected("tfjs-model.json", "TensorFlow.js");
  }

  @Test
  void rejectsKeras1() {
    assertRejected("keras1.json", "Keras 1");
  }

  @Test
  void rejectsUnsupportedLayerByPositionAndName() {
    // Layer 4 among the model's layers: conv2d_1, max_pooling2d_1, reshape_1, lstm_1.
    String message = assertRejected("lstm.json", "layer 4 'lstm_1'", "LSTM is not supported", "supported:");
    assertTrue(message.contains("Conv2D") && message.contains("Dense"), "the supported list names them: " + message);
  }

  @Test
  void rejectsChannelsFirst() {
    assertRejected("channels-first.json", "layer 1 'conv2d'", "channels_first");
  }

  @Test
  void rejectsDenseOnAnImageWithoutFlatten() {
    long c = valid(28, 3, 1);
    assertRejected("missing-flatten.json", "layer 2 'dense'", "Flatten", c + ", " + c + ", 16");
  }

  @Test
  void rejectsPoolLargerThanItsInput() {
    long c = same(28, 1);
    assertRejected("pool-too-large.json", "layer 2 'max_pooling2d'", "32", c + ", " + c + ", 8");
  }

  @Test
  void rejectsConvolutionsShrinkingToZero() {
    long c1 = valid(10, 5, 1); // 6
    long c2 = valid(c1, 5, 1); // 2
    assertTrue(valid(c2, 5, 1) < 1);
    assertRejected("shape-zero.json", "layer 3 'conv2d_2'", c2 + ", " + c2 + ", 16");
  }

  @Test
  void rejectsUnknownActivation() {
    assertRejected("unknown-activation.json", "layer 3 'dense'", "mish_custom");
  }

  // ----------------------------------------------------------------------------------- helpers

  private static Path fixture(String file) throws Exception {
    URL url = KerasConfigFormsTest.class.getResource("/keras-configs/" + file);
    assertNotNull(url, "fixture " + file + " is on the test classpath");
    return Path.of(url.toURI());
  }

  private static KerasModel read(String file) throws Exception {
    return KerasModelReader.read(fixture(file));
  }

  /** The file is rejected with one line that starts with its name and holds each fact; returns the message. */
  private static String assertRejected(String file, String... facts) {
    ModelConfigException e = assertThrows(ModelConfigException.class, () -> read(file));
    String message = e.getMessage();
    assertNotNull(message);
    assertTrue(message.startsWith(file), "starts with the file name: " + message);
    assertFalse(message.contains("\n"), "one line: " + message);
    for (String fact : facts) {
      assertTrue(message.contains(fact), "mentions '" + fact + "': " + message);
    }
    return message;
  }

  private static void assertRows(ModelSummary summary, List<String> names, long[][] outputShapes, long[] params) {
    List<ModelSummary.Row> rows = summary.rows();
    assertEquals(names, rows.stream().map(ModelSummary.Row::name).toList());
    assertArrayEquals(outputShapes, rows.stream().map(ModelSummary.Row::outputShape).toArray(long[][]::new));
    assertArrayEquals(params, rows.stream().mapToLong(ModelSummary.Row::parameters).toArray());
    for (int i = 1; i < rows.size(); i++) {
      assertArrayEquals(rows.get(i - 1).outputShape(), rows.get(i).inputShape(), "input of " + rows.get(i).name());
    }
  }

  private static void assertTotals(ModelSummary summary, long total, long trainable) {
    assertEquals(total, summary.totalParameters());
    assertEquals(trainable, summary.trainableParameters());
    String table = summary.format();
    assertTrue(table.contains("Total params: " + grouped(total)), table);
    assertTrue(table.contains("Trainable params: " + grouped(trainable)), table);
    assertTrue(table.contains("Non-trainable params: " + grouped(total - trainable)), table);
  }

  private static void assertL2(Regularizer regularizer, float l2) {
    assertNotNull(regularizer);
    assertEquals(0.0, regularizer.l1());
    assertEquals(l2, (float) regularizer.l2());
  }

  private static void assertFormatMentions(KerasModel read, String text) {
    assertNotNull(read.format());
    assertTrue(read.format().toLowerCase(Locale.ROOT).contains(text), "format '" + read.format() + "' mentions " + text);
  }

  private static Conv2D conv(String name, int filters, int kernel, int stride, Padding padding, Activation activation,
      Initializer kernelInitializer) {
    return new Conv2D(name, filters, Size2.square(kernel), Size2.square(stride), padding, Size2.square(1), activation,
        true, kernelInitializer, Initializer.ZEROS, null, null);
  }

  private static void putEntry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  /** Keras's conv/pool output length for {@code valid} padding. */
  private static long valid(long n, int kernel, int stride) {
    return Math.floorDiv(n - kernel, stride) + 1;
  }

  /** Keras's output length for {@code same} padding: ceil(n / stride). */
  private static long same(long n, int stride) {
    return (n + stride - 1) / stride;
  }

  /** 887,530 as Keras's summary writes it. */
  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
