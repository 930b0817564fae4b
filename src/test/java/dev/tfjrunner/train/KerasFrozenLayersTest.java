package dev.tfjrunner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.model.keras.weights.KerasWeightsReader;
import dev.tfjrunner.model.keras.weights.WeightMapping;
import dev.tfjrunner.model.layers.WeightSpec;
import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code trainable: false} in a Keras file is honoured, against models Keras froze itself
 * (scripts/keras-fixtures/make_training_fixtures.sh): transfer_frozen, whose nested Functional
 * {@code base} was set {@code base.trainable = False} and called with {@code training=False}, and
 * frozen_layer, a Sequential whose BatchNormalization alone was set {@code trainable = False}. The
 * summary counts Keras's trainable and non-trainable parameters; from the file's weights and the
 * same 10 batches in order, tfj's SGD steps give Keras's per-step losses and final weights (a frozen
 * BatchNormalization normalising with its moving statistics, as Keras's does); the frozen weights
 * stay bit-identical; and the written config keeps every layer's {@code trainable} as Keras wrote it.
 */
class KerasFrozenLayersTest {

  private static final Path DIR = Path.of("src/test/resources/keras/training");

  @ParameterizedTest
  @ValueSource(strings = {"transfer_frozen", "frozen_layer"})
  void frozenModelsCountTrainAndWriteBackAsKerasDoes(String name) throws IOException {
    JsonNode fixture = Json.MAPPER.readTree(DIR.resolve("frozen.steps.json").toFile());
    JsonNode keras = fixture.get("models").get(name);
    Path file = DIR.resolve(name + ".keras");
    Model model = KerasModelReader.read(file).model();

    ModelSummary summary = model.summary();
    assertEquals(keras.get("total").asLong(), summary.totalParameters(), "total params");
    assertEquals(keras.get("trainable").asLong(), summary.trainableParameters(), "trainable params");
    assertTrue(summary.format().contains(String.format(Locale.ROOT, "Non-trainable params: %,d",
        keras.get("non_trainable").asLong())), summary.format());

    int steps = fixture.get("steps").asInt();
    int batchSize = fixture.get("batch_size").asInt();
    JsonNode sgd = fixture.get("optimizer");
    float[][] start = WeightMapping.forModel(KerasWeightsReader.read(file), model);
    LabeledImages images = TestData.mnist().train().first(1000 + steps * batchSize);
    float[][] weights;
    try (TrainingGraph graph = TrainingGraph.create(ModelSpec.of(model),
        new SgdConfig(sgd.get("learning_rate").asDouble(), sgd.get("momentum").asDouble(), false), 1,
        SessionSettings.of(1, 1, false))) {
      graph.writeWeights(start);
      for (int step = 0; step < steps; step++) {
        try (Batch batch = Batch.of(images, 1000 + step * batchSize, 1000 + (step + 1) * batchSize)) {
          double loss = graph.trainStep(batch, step).loss();
          double expected = keras.get("losses").get(step).asDouble();
          assertEquals(expected, loss, 1e-4 * Math.abs(expected), name + " step " + (step + 1) + " loss");
        }
      }
      weights = graph.readWeights();
    }
    JsonNode kerasWeights = keras.get("final_weights");
    List<WeightSpec> specs = model.weights(model.input().dims());
    assertEquals(kerasWeights.size(), weights.length, "variables");
    int frozen = 0;
    for (int v = 0; v < weights.length; v++) {
      for (int i = 0; i < weights[v].length; i++) {
        assertEquals(kerasWeights.get(v).get(i).asDouble(), weights[v][i], 1e-4, name + ": " + specs.get(v).name()
            + "[" + i + "]");
      }
      if (!specs.get(v).trainable()) {
        assertArrayEquals(start[v], weights[v], 0f, specs.get(v).name() + " is not trained: bit-identical to the file's");
        frozen++;
      }
    }
    assertTrue(frozen > 0, "the model has frozen weights");

    Map<String, Boolean> theirs = trainableByPath(Json.MAPPER.readTree(configJson(file)), "");
    assertTrue(theirs.containsValue(false), theirs.toString());
    String written = model.toKerasJson();
    assertEquals(theirs, trainableByPath(Json.MAPPER.readTree(written), ""), "trainable of every layer, written back");
    assertEquals(model, KerasModelReader.parse(written, name).model(), "read back");
  }

  private static String configJson(Path keras) throws IOException {
    try (ZipFile zip = new ZipFile(keras.toFile())) {
      return new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Each layer's {@code trainable} by its path ({@code base/conv2d}); nested models' own and their layers'. */
  private static Map<String, Boolean> trainableByPath(JsonNode model, String path) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (JsonNode layer : model.path("config").path("layers")) {
      String className = layer.path("class_name").asText();
      if (className.equals("InputLayer")) {
        continue;
      }
      String layerPath = path + layer.path("config").path("name").asText();
      out.put(layerPath, layer.path("config").path("trainable").asBoolean(true));
      if (className.equals("Functional") || className.equals("Sequential")) {
        out.putAll(trainableByPath(layer, layerPath + "/"));
      }
    }
    return out;
  }
}
