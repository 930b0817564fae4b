package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Activated;
import dev.tfjrunner.model.layers.Layer;

/**
 * Writes a Sequential model as Keras 3's {@code model.to_json()} does, which Keras 3 loads with
 * {@code keras.models.model_from_json} and {@link KerasModelReader} reads back to the same model.
 * A model with Keras 2's hard_sigmoid is marked {@code keras_version} 2.15.0 so it reads back as that.
 */
public final class KerasModelWriter {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private KerasModelWriter() {}

  public static String toJson(Sequential model) {
    ArrayNode batchShape = NODES.arrayNode().addNull();
    model.input().shape().forEach(batchShape::add);
    ObjectNode inputConfig = NODES.objectNode();
    inputConfig.set("batch_shape", batchShape);
    inputConfig.put("dtype", "float32").put("sparse", false).put("name", "input_layer");
    ArrayNode layers = NODES.arrayNode();
    layers.add(KerasObjects.object("keras.layers", "InputLayer", inputConfig));
    boolean keras2Activation = false;
    for (Layer layer : model.layers()) {
      layers.add(KerasLayers.write(layer));
      keras2Activation |= layer instanceof Activated a && a.activation() == Activation.HARD_SIGMOID;
    }
    ObjectNode config = NODES.objectNode();
    config.put("name", model.name()).put("trainable", true);
    config.set("layers", layers);
    config.set("build_input_shape", batchShape);
    ObjectNode root = KerasObjects.object("keras", "Sequential", config);
    root.putObject("build_config").set("input_shape", batchShape);
    if (keras2Activation) {
      root.put("keras_version", "2.15.0");
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
