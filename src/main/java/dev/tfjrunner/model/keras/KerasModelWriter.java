package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.graph.Node;
import dev.tfjrunner.model.layers.Activated;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Merge;
import dev.tfjrunner.model.layers.ScalarOperation;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a model as Keras 3's {@code model.to_json()} does: a Sequential as a Sequential config, any
 * other graph as a Functional config with Keras 3's {@code inbound_nodes}, nested models inside.
 * Keras 3 loads it with {@code keras.models.model_from_json} and {@link KerasModelReader} reads it
 * back to the same model. A model with Keras 2's hard_sigmoid is marked {@code keras_version}
 * 2.15.0 so it reads back as that.
 */
public final class KerasModelWriter {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private KerasModelWriter() {}

  public static String toJson(Model model) {
    ObjectNode root = object(model);
    if (model.isSequential()) {
      root.putObject("build_config").set("input_shape", batchShape(model.input().dims()));
    }
    if (usesKeras2Activation(model)) {
      root.put("keras_version", "2.15.0");
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean usesKeras2Activation(Model model) {
    return model.layers().stream().anyMatch(l -> l instanceof Model m ? usesKeras2Activation(m)
        : l instanceof Activated a && a.activation() == Activation.HARD_SIGMOID);
  }

  /** The model's {@code {"module", "class_name", "config"}} object, as the top level or as a layer of another model. */
  private static ObjectNode object(Model model) {
    ArrayNode batchShape = batchShape(model.input().dims());
    ObjectNode inputConfig = NODES.objectNode();
    inputConfig.set("batch_shape", batchShape);
    inputConfig.put("dtype", "float32").put("sparse", false).put("name", model.inputName());
    ObjectNode inputLayer = KerasObjects.object("keras.layers", "InputLayer", inputConfig);
    ArrayNode layers = NODES.arrayNode();
    layers.add(inputLayer);
    ObjectNode config = NODES.objectNode();
    config.put("name", model.name()).put("trainable", true);
    config.set("layers", layers);
    if (model.isSequential()) {
      model.nodes().forEach(node -> layers.add(layer(node)));
      config.set("build_input_shape", batchShape);
      return KerasObjects.object("keras", "Sequential", config);
    }
    inputLayer.put("name", model.inputName()).putArray("inbound_nodes");
    Map<String, long[]> shapes = new HashMap<>();
    shapes.put(model.inputName(), model.input().dims());
    for (ModelSummary.Row row : model.summary().rows()) {
      ObjectNode entry = layer(row.node());
      entry.put("name", row.name());
      ObjectNode call = entry.putArray("inbound_nodes").addObject();
      ArrayNode tensors = NODES.arrayNode();
      for (String in : row.node().inbound()) {
        tensors.add(tensor(in, shapes.get(in)));
      }
      if (row.layer() instanceof ScalarOperation op) {
        call.set("args", OperationCodecs.arguments(op, tensors.get(0)));
      } else {
        call.putArray("args").add(row.layer() instanceof Merge ? tensors : tensors.get(0));
      }
      call.putObject("kwargs");
      layers.add(entry);
      shapes.put(row.name(), row.outputShape());
    }
    config.set("input_layers", ref(model.inputName()));
    config.set("output_layers", ref(model.output().name()));
    return KerasObjects.object("keras.src.models.functional", "Functional", config);
  }

  /** The layer's object, with {@code trainable: false} when the node is frozen (an operation's config has no such key). */
  private static ObjectNode layer(Node node) {
    if (node.layer() instanceof ScalarOperation op) {
      return OperationCodecs.write(op);
    }
    ObjectNode entry = node.layer() instanceof Model nested ? object(nested) : KerasLayers.write(node.layer());
    ((ObjectNode) entry.get("config")).put("trainable", node.trainable());
    return entry;
  }

  /** Keras 3's symbolic tensor: the output 0 of node 0 of {@code layer}. */
  private static ObjectNode tensor(String layer, long[] shape) {
    ObjectNode t = NODES.objectNode().put("class_name", "__keras_tensor__");
    ObjectNode c = t.putObject("config");
    c.set("shape", batchShape(shape));
    c.put("dtype", "float32");
    c.set("keras_history", ref(layer));
    return t;
  }

  private static ArrayNode ref(String layer) {
    return NODES.arrayNode().add(layer).add(0).add(0);
  }

  private static ArrayNode batchShape(long[] dims) {
    ArrayNode shape = NODES.arrayNode().addNull();
    for (long d : dims) {
      shape.add(d);
    }
    return shape;
  }
}
