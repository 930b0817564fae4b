package dev.tfjrunner.model.keras.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.keras.KerasModelReader;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** saving_lib's object paths: class-name counters per layer list, nested models under their own path. */
class WeightMappingTest {

  private static LayerNode layer(String name, String className) {
    return new LayerNode(name, className, null, List.of());
  }

  @Test
  void objectPathsCountClassNamesPerLayerListAndNestModels() {
    List<LayerNode> layers = List.of(
        layer("first", "Conv2D"),
        new LayerNode("tower", "Model", null, List.of(layer("in", "InputLayer"), layer("head", "Dense"))),
        layer("second", "Conv2D"),
        new LayerNode("block", "Sequential", null, List.of(layer("inner", "Conv2D"), layer("bn", "BatchNormalization"))),
        layer("act", "LeakyReLU"));
    List<String> placed = WeightMapping.place(layers).stream().map(p -> p.name() + " " + p.objectPath()).toList();
    assertEquals(List.of(
        "first layers/conv2d",
        "tower/in layers/functional/layers/input_layer", // tf.keras 2's "Model" is the class Functional
        "tower/head layers/functional/layers/dense",
        "second layers/conv2d_1",
        "block/inner layers/sequential/layers/conv2d", // counters start again inside a nested model
        "block/bn layers/sequential/layers/batch_normalization",
        "act layers/leaky_re_lu"), placed);
  }

  @Test
  void aFunctionalModelsVariablesComeInNetworkWeightsOrder() throws IOException {
    Model model = KerasModelReader.read(KerasWeightsReaderTest.DIR.resolve("func_cnn.json")).model();
    List<String> mapped = WeightMapping.place(LayerNode.of(model)).stream()
        .flatMap(p -> p.layer().variables().stream().map(v -> p.name() + "/" + v.name())).toList();
    List<String> network;
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
      network = Network.forInference(tf, model, input).weights().stream().map(Network.Weight::name).toList();
    }
    assertEquals(network, mapped);
    assertEquals("block/conv2d_5/kernel", mapped.get(10), "the nested Sequential's layers by their path");
  }
}
