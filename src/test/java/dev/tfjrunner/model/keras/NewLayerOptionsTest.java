package dev.tfjrunner.model.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.layers.LayerNormalization;
import dev.tfjrunner.model.layers.RandomContrast;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The options of the new layers that are refused (each message names the key and the problem), and
 * the keys read in their Keras 2 forms. Each starts from a config real Keras wrote (the layer
 * fixtures) with one key changed.
 */
class NewLayerOptionsTest {

  private static JsonNode layer(String file, int index) throws IOException {
    try (InputStream in = NewLayerOptionsTest.class.getResourceAsStream("/keras/layers/" + file + ".json")) {
      return new ObjectMapper().readTree(in).path("cases").get(index).path("layer");
    }
  }

  /** The message refusing {@code file}'s case {@code index} after {@code change} to its config. */
  private static String refusal(String file, int index, Consumer<ObjectNode> change) throws IOException {
    JsonNode layer = layer(file, index);
    ObjectNode config = ((ObjectNode) layer.path("config")).deepCopy();
    change.accept(config);
    return assertThrows(IllegalArgumentException.class,
        () -> KerasLayers.read(layer.path("class_name").asText(), new LayerConfig(config, true))).getMessage();
  }

  @Test
  void refusedOptionsNameTheirKey() throws IOException {
    assertEquals("dilation_rate above 1 is not supported (got [2,2])",
        refusal("Conv2DTranspose", 0, c -> c.putArray("dilation_rate").add(2).add(2)));
    assertEquals("pad_to_aspect_ratio is not supported except false (got true)",
        refusal("Resizing", 0, c -> c.put("pad_to_aspect_ratio", true)));
    assertEquals("antialias is not supported except false (got true)", refusal("Resizing", 0, c -> c.put("antialias", true)));
    assertEquals("interpolation 'lanczos3' is not supported (supported: bilinear, nearest, bicubic, area)",
        refusal("Resizing", 0, c -> c.put("interpolation", "lanczos3")));
    assertEquals("interpolation 'bicubic' is not supported (supported: nearest, bilinear)",
        refusal("UpSampling2D", 0, c -> c.put("interpolation", "bicubic")));
    assertEquals("fill_mode 'mirror' is not supported (supported: reflect, wrap, constant, nearest)",
        refusal("RandomRotation", 0, c -> c.put("fill_mode", "mirror")));
    assertEquals("interpolation 'bicubic' is not supported (supported: bilinear, nearest)",
        refusal("RandomZoom", 0, c -> c.put("interpolation", "bicubic")));
    assertEquals("mode 'diagonal' is not one of horizontal, vertical, horizontal_and_vertical",
        refusal("RandomFlip", 0, c -> c.put("mode", "diagonal")));
    assertEquals("noise_shape is not supported (got [null,1,1,3])",
        refusal("AlphaDropout", 0, c -> c.putArray("noise_shape").addNull().add(1).add(1).add(3)));
    assertEquals("mean must be a number or a flat list of numbers, got [[1.0,2.0]]",
        refusal("Normalization", 0, c -> c.putArray("mean").addArray().add(1.0).add(2.0)));
    assertEquals("factor must be a number or a pair [lower, upper], got \"big\"",
        refusal("RandomContrast", 0, c -> c.put("factor", "big")));
    assertEquals("factor must be [lower, upper] within [-1, 1], got [-2.0, 2.0]",
        refusal("RandomBrightness", 0, c -> c.put("factor", 2.0)));
    assertEquals("height_factor is missing", refusal("RandomTranslation", 0, c -> c.remove("height_factor")));
    assertEquals("depthwise_constraint is not supported (got {\"class_name\":\"NonNeg\"})",
        refusal("DepthwiseConv2D", 0, c -> c.putObject("depthwise_constraint").put("class_name", "NonNeg")));
    assertEquals("data_format 'channels_first' is not supported: only channels_last ([height, width, channels]) is",
        refusal("Cropping2D", 0, c -> c.put("data_format", "channels_first")));
  }

  /** Shape problems are found when the model's shapes are computed, and name the layer there. */
  @Test
  void shapeProblemsNameTheLayer() throws IOException {
    ObjectNode conv = (ObjectNode) layer("Conv2D", 0).deepCopy();
    ((ObjectNode) conv.path("config")).put("groups", 2).put("filters", 4); // 3 input channels
    ObjectNode layerNorm = (ObjectNode) layer("LayerNormalization", 0).deepCopy();
    ((ObjectNode) layerNorm.path("config")).putArray("axis").add(0);
    for (var bad : List.of(List.of(conv, "groups 2 must divide the input's 3 channels"),
        List.of(layerNorm, "LayerNormalization axis [0] does not fit an input (None, ...) of rank 4"))) {
      ObjectNode model = new ObjectMapper().createObjectNode().put("class_name", "Sequential").put("module", "keras");
      ArrayNode layers = model.putObject("config").put("name", "m").putArray("layers");
      layers.addObject().put("class_name", "InputLayer").putObject("config").putArray("batch_shape").addNull().add(9)
          .add(9).add(3);
      layers.add((JsonNode) bad.get(0));
      ModelConfigException e = assertThrows(ModelConfigException.class,
          () -> KerasModelReader.parse(model.toString(), "m.json").model().summary());
      assertTrue(e.getMessage().contains("layer 1 '") && e.getMessage().contains((String) bad.get(1)), e.getMessage());
    }
  }

  /** Keras 2 reads RandomContrast's single factor f as [1 - f, 1 + f]; Keras 3 as [1, 1 + f]. */
  @Test
  void keras2Forms() throws IOException {
    ObjectNode contrast = ((ObjectNode) layer("RandomContrast", 0).path("config")).deepCopy().put("factor", 0.3);
    contrast.remove("value_range"); // Keras 2 has none: [0, 255]
    RandomContrast keras2 = (RandomContrast) KerasLayers.read("RandomContrast", new LayerConfig(contrast, false));
    assertEquals(new RandomContrast(keras2.name(), 0.3, 0.3, 0, 255), keras2);
    RandomContrast keras3 = (RandomContrast) KerasLayers.read("RandomContrast", new LayerConfig(contrast, true));
    assertEquals(new RandomContrast(keras3.name(), 0, 0.3, 0, 255), keras3);
    // tf.keras 2 writes LayerNormalization's and Normalization's axis as a number, or a list of them.
    ObjectNode layerNorm = ((ObjectNode) layer("LayerNormalization", 0).path("config")).deepCopy().put("axis", 3);
    layerNorm.remove("rms_scaling");
    assertEquals(List.of(3),
        ((LayerNormalization) KerasLayers.read("LayerNormalization", new LayerConfig(layerNorm, false))).axis());
  }
}
