package dev.tfjrunner.model.keras.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.keras.KerasModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every form real Keras 3.15.1 writes a model in (scripts/keras-fixtures/make_weights.py) reads to
 * the same arrays, matched to the model's layers as Keras loads them.
 */
class KerasWeightsReaderTest {

  static final Path DIR = Path.of("src/test/resources/keras/weights");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Model fixture's model, from its JSON. */
  static Model seqModel() throws IOException {
    return KerasModelReader.read(DIR.resolve("seq_cnn.json")).model();
  }

  /** {@code seq_cnn.<suffix>} matched to the Model model's declared weights. */
  static Map<String, List<WeightArray>> seqWeights(String suffix) throws IOException {
    KerasWeightFile file = KerasWeightsReader.read(DIR.resolve("seq_cnn" + suffix));
    return WeightMapping.assign(file, LayerNode.of(seqModel()));
  }

  @Test
  void sequentialFormsReadToTheSameArraysWithTheDeclaredShapes() throws IOException {
    Map<String, List<WeightArray>> keras = seqWeights(".keras");
    assertEquals(List.of("conv2d", "batch_normalization", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten",
        "dropout", "dense"), List.copyOf(keras.keySet()));
    assertEquals(2, keras.get("conv2d").size());
    assertArrayEquals(new long[] {3, 3, 1, 6}, keras.get("conv2d").get(0).shape());
    assertEquals(4, keras.get("batch_normalization").size());
    assertArrayEquals(new long[] {200, 10}, keras.get("dense").get(0).shape());
    assertEquals("layers/dense/vars/0", keras.get("dense").get(0).name());
    long parameters = WeightMapping.flatten(keras).stream().mapToLong(w -> w.values().length).sum();
    assertEquals(seqModel().summary().totalParameters(), parameters);
    assertSameArrays(keras, seqWeights(".h5"));
    assertSameArrays(keras, seqWeights(".weights.h5"));
    assertSameArrays(keras, seqWeights(".legacy-weights.h5"));
  }

  @Test
  void archiveAndLegacyFileCarryTheModelConfigAndVersion() throws IOException {
    KerasWeightFile archive = KerasWeightsReader.read(DIR.resolve("seq_cnn.keras"));
    KerasWeightFile legacy = KerasWeightsReader.read(DIR.resolve("seq_cnn.h5"));
    KerasWeightFile weightsOnly = KerasWeightsReader.read(DIR.resolve("seq_cnn.weights.h5"));
    assertEquals(KerasWeightFile.Layout.OBJECT_PATHS, archive.layout());
    assertEquals(KerasWeightFile.Layout.LAYER_NAMES, legacy.layout());
    assertEquals(KerasWeightFile.Layout.OBJECT_PATHS, weightsOnly.layout());
    assertEquals("3.15.1", archive.kerasVersion());
    assertEquals("3.15.1", legacy.kerasVersion());
    assertNull(weightsOnly.modelConfig());
    KerasWeightFile keras2Layout = KerasWeightsReader.read(DIR.resolve("seq_cnn.legacy-weights.h5"));
    assertEquals(KerasWeightFile.Layout.LAYER_NAMES, keras2Layout.layout());
    assertNull(keras2Layout.modelConfig());
    Model fromJson = seqModel();
    assertEquals(fromJson, KerasModelReader.parse(archive.modelConfig(), "config.json").model());
    assertEquals(fromJson, KerasModelReader.parse(legacy.modelConfig(), "model_config").model());
  }

  @Test
  void optimizerVariablesComeAlongFromObjectPathFiles() throws IOException {
    KerasWeightFile archive = KerasWeightsReader.read(DIR.resolve("seq_cnn.keras"));
    long trainable = seqModel().summary().rows().stream().flatMap(r -> r.weights().stream())
        .filter(w -> w.trainable()).count();
    // Adam: iteration, learning rate, then a momentum and a velocity per trainable variable.
    List<WeightArray> optimizer = archive.optimizerVariables();
    assertEquals(2 + 2 * trainable, optimizer.size());
    assertArrayEquals(new long[0], optimizer.get(0).shape());
    assertTrue(optimizer.get(0).values()[0] > 0, "Adam's iteration count");
  }

  @Test
  void functionalFormsWithANestedModelReadToTheSameArrays() throws IOException {
    JsonNode config = JSON.readTree(Files.readString(DIR.resolve("func_cnn.json")));
    List<LayerNode> layers = LayerNode.fromConfig(config);
    Map<String, List<WeightArray>> keras = WeightMapping.assign(KerasWeightsReader.read(DIR.resolve("func_cnn.keras")),
        layers);
    List<String> withWeights = keras.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
        .toList();
    assertEquals(List.of("conv2d_2", "batch_normalization_1", "conv2d_3", "conv2d_4", "block/conv2d_5",
        "block/batch_normalization_2", "dense_1"), withWeights);
    assertEquals("layers/sequential/layers/conv2d/vars/0", keras.get("block/conv2d_5").get(0).name());
    assertArrayEquals(new long[] {3, 3, 12, 8}, keras.get("block/conv2d_5").get(0).shape());
    assertEquals(4, keras.get("block/batch_normalization_2").size());

    KerasWeightFile legacy = KerasWeightsReader.read(DIR.resolve("func_cnn.h5"));
    assertEquals(layers, LayerNode.fromConfig(JSON.readTree(legacy.modelConfig())),
        "the legacy file's model_config lists the model's layers");
    assertSameArrays(keras, WeightMapping.assign(legacy, layers));
    assertSameArrays(keras, WeightMapping.assign(KerasWeightsReader.read(DIR.resolve("func_cnn.weights.h5")), layers));
    assertSameArrays(keras, WeightMapping.assign(KerasWeightsReader.read(DIR.resolve("func_cnn.legacy-weights.h5")),
        layers));
  }

  /** Same layers, and per layer the same shapes and values (names differ by file form). */
  static void assertSameArrays(Map<String, List<WeightArray>> expected, Map<String, List<WeightArray>> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String layer : expected.keySet()) {
      List<WeightArray> e = expected.get(layer);
      List<WeightArray> a = actual.get(layer);
      assertEquals(e.size(), a.size(), layer);
      for (int i = 0; i < e.size(); i++) {
        assertArrayEquals(e.get(i).shape(), a.get(i).shape(), layer + " " + i);
        assertArrayEquals(e.get(i).values(), a.get(i).values(), layer + " " + i + ": " + a.get(i).name());
      }
    }
  }
}
