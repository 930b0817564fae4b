package dev.tfjrunner.model.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.layers.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The layer configs of ten keras.applications networks as Keras 3.15.1 writes them
 * (src/test/resources/keras/layers/applications-layers.json): every single-input layer among them
 * reads, and writes back to the same layer. What is left is for the model graph (inputs, nested
 * models, merging layers) or refused (ConvNeXt's LayerScale).
 */
class ApplicationLayersTest {

  private static final Set<String> NOT_SINGLE_INPUT_LAYERS = Set.of("InputLayer", "Sequential", "Functional", "Add",
      "Multiply", "Concatenate", "LayerScale");

  @Test
  void everySingleInputLayerReadsAndRoundTrips() throws IOException {
    JsonNode entries;
    try (InputStream in = ApplicationLayersTest.class.getResourceAsStream("/keras/layers/applications-layers.json")) {
      entries = new ObjectMapper().readTree(in);
    }
    Set<String> read = new TreeSet<>();
    Set<String> left = new TreeSet<>();
    for (JsonNode entry : entries) {
      String className = entry.path("class_name").asText();
      if (!KerasLayers.supports(className)) {
        left.add(className);
        continue;
      }
      String where = entry.path("application").asText() + " " + entry.path("config").path("name").asText();
      Layer layer;
      try {
        layer = KerasLayers.read(className, new LayerConfig(entry.path("config"), true));
      } catch (IllegalArgumentException e) {
        throw new AssertionError(where + " (" + className + "): " + e.getMessage(), e);
      }
      assertEquals(layer, KerasLayers.read(className, new LayerConfig(KerasLayers.write(layer).path("config"), true)),
          where);
      read.add(className);
    }
    assertTrue(NOT_SINGLE_INPUT_LAYERS.containsAll(left), "unread: " + left);
    assertTrue(read.containsAll(Set.of("DepthwiseConv2D", "SeparableConv2D", "Rescaling", "Normalization",
        "LayerNormalization", "Cropping2D", "ZeroPadding2D", "ReLU")), "read: " + read);
  }
}
