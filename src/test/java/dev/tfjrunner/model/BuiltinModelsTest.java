package dev.tfjrunner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The built-in networks, shipped as Keras model configs, as designed and fitted to other pictures. */
class BuiltinModelsTest {

  @Test
  void advancedCnnHasTheStudysParameterCount() {
    assertEquals(887_530, BuiltinModels.advanced().summary().totalParameters());
  }

  @Test
  void advancedCnnLayersMatchKeras() {
    List<ModelSummary.Row> rows = BuiltinModels.advanced().summary().rows();
    List<String> names = rows.stream().map(ModelSummary.Row::name).toList();
    assertEquals(List.of("conv2d", "conv2d_1", "max_pooling2d", "dropout", "conv2d_2", "conv2d_3",
        "max_pooling2d_1", "dropout_1", "flatten", "dense", "dropout_2", "dense_1"), names);
    long[][] shapes = rows.stream().map(ModelSummary.Row::outputShape).toArray(long[][]::new);
    assertArrayEquals(new long[][] {
        {28, 28, 32}, {28, 28, 32}, {14, 14, 32}, {14, 14, 32}, {14, 14, 64}, {14, 14, 64},
        {7, 7, 64}, {7, 7, 64}, {3136}, {256}, {256}, {10}}, shapes);
    long[] params = rows.stream().mapToLong(ModelSummary.Row::parameters).toArray();
    assertArrayEquals(new long[] {832, 25_632, 0, 0, 18_496, 36_928, 0, 0, 0, 803_072, 0, 2_570}, params);
  }

  @Test
  void simpleCnnAndMlpCounts() {
    // conv 64 3x3 valid (640) + conv 32 3x3 valid (18,464) + dense 4608 -> 10 (46,090)
    assertEquals(65_194, BuiltinModels.builtin("simple").model().summary().totalParameters());
    // 784 -> 5 (3,925) -> 10 (60)
    assertEquals(3_985, BuiltinModels.builtin("mlp").model().summary().totalParameters());
  }

  @Test
  void graphVariablesMatchTheSummary() {
    for (String name : BuiltinModels.NAMES) {
      Model model = BuiltinModels.builtin(name).model();
      try (Graph graph = new Graph()) {
        Ops tf = Ops.create(graph);
        Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
        Network network = Network.forInference(tf, model, images);
        long inGraph = network.weights().stream().mapToLong(Network.Weight::size).sum();
        assertEquals(model.summary().totalParameters(), inGraph, name);
        assertArrayEquals(new long[] {-1, 10}, network.logits().shape().asArray());
      }
    }
  }

  /** As keras.applications take input_shape and classes: 48x48 RGB pictures in 6 classes. */
  @Test
  void everyBuiltinTakesThePicturesShapeAndClassCount() {
    for (String name : BuiltinModels.NAMES) {
      Model model = BuiltinModels.builtin(name, Input.of(48, 48, 3), 6).model();
      assertEquals(name, model.name());
      assertArrayEquals(new long[] {48, 48, 3}, model.input().dims(), name);
      assertEquals(6, OutputHead.classesOf(model), name);
      try (Graph graph = new Graph()) {
        Ops tf = Ops.create(graph);
        Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 48, 48, 3)));
        Network network = Network.forInference(tf, model, images);
        assertEquals(model.summary().totalParameters(),
            network.weights().stream().mapToLong(Network.Weight::size).sum(), name);
        assertArrayEquals(new long[] {-1, 6}, network.logits().shape().asArray(), name);
      }
    }
  }

  /** The convolutions keep their weights; the first takes 3 channels, the Dense after Flatten gets 12x12x64 inputs. */
  @Test
  void advancedForLargerColourPicturesHasMoreWeightsWhereKerasWouldHave() {
    List<ModelSummary.Row> rows = BuiltinModels.builtin("advanced", Input.of(48, 48, 3), 6).model().summary().rows();
    long[][] shapes = rows.stream().map(ModelSummary.Row::outputShape).toArray(long[][]::new);
    assertArrayEquals(new long[][] {
        {48, 48, 32}, {48, 48, 32}, {24, 24, 32}, {24, 24, 32}, {24, 24, 64}, {24, 24, 64},
        {12, 12, 64}, {12, 12, 64}, {9216}, {256}, {256}, {6}}, shapes);
    long[] params = rows.stream().mapToLong(ModelSummary.Row::parameters).toArray();
    // 5*5*3*32+32; as designed; 9216*256+256; 256*6+6
    assertArrayEquals(new long[] {2_432, 25_632, 0, 0, 18_496, 36_928, 0, 0, 0, 2_359_552, 0, 1_542}, params);
    String table = BuiltinModels.builtin("advanced", Input.of(48, 48, 3), 6).model().summary().format();
    assertTrue(table.contains("Total params: 2,444,582"), table);
    // mlp: 48*48 gray values into its 5 units, then 2 classes
    assertEquals(48 * 48 * 5 + 5 + 5 * 2 + 2,
        BuiltinModels.builtin("mlp", Input.of(48, 48, 1), 2).model().summary().totalParameters());
  }

  @Test
  void theDesignedShapeGivesTheDesignedNetwork() {
    for (String name : BuiltinModels.NAMES) {
      assertEquals(BuiltinModels.builtin(name).model().toKerasJson(),
          BuiltinModels.builtin(name, Input.of(28, 28, 1), 10).model().toKerasJson(), name);
    }
  }

  @Test
  void picturesTooSmallForTheLayersSayWhichLayer() {
    ModelConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ModelConfigException.class,
        () -> BuiltinModels.builtin("bn-strided", Input.of(8, 8, 3), 6));
    assertEquals("bn-strided cannot take pictures of 8x8x3 (bn-strided.json: layer 8 'conv2d_3' (Conv2D): a window of 3"
        + " does not fit in 2 (padding valid) (input (None, 2, 2, 32))); it needs larger pictures", e.getMessage());
  }

  @Test
  void summaryTablePrintsTotals() {
    String table = BuiltinModels.advanced().summary().format();
    assertTrue(table.contains("Total params: 887,530"), table);
    assertTrue(table.contains("Trainable params: 887,530"), table);
    assertTrue(table.contains("Non-trainable params: 0"), table);
    assertTrue(table.contains(" conv2d_1 (Conv2D)"), table);
    assertTrue(table.contains("(None, 7, 7, 64)"), table);
  }

  @Test
  void unknownModelNamesWhatExists() {
    ModelConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ModelConfigException.class,
        () -> BuiltinModels.load("no-such-model"));
    assertTrue(e.getMessage().contains("advanced, simple, mlp"), e.getMessage());
  }
}
