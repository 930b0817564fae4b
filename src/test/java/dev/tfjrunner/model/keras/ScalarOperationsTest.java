package dev.tfjrunner.model.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.layers.ElementwiseMerge;
import dev.tfjrunner.model.layers.LayerCall;
import dev.tfjrunner.model.layers.ScalarOperation;
import dev.tfjrunner.testing.GraphRun;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras 3's operation nodes of a tensor and a number ({@code x + 3.0}, {@code 1.0 - x}, ...) against
 * real Keras 3.15.1 (scalar_operations.json and .outputs.json, make_configs.py): read, summarised,
 * computed and written as Keras does; the operations tfj-runner lacks are refused by name. The
 * summary table against Keras's is in FunctionalModelsTest.
 */
class ScalarOperationsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path fixture(String file) {
    try {
      return Path.of(ScalarOperationsTest.class.getResource("/keras/configs/" + file).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Model model() throws IOException {
    return KerasModelReader.read(fixture("scalar_operations.json")).model();
  }

  private static float[] floats(JsonNode values) {
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) values.get(i).asDouble();
    }
    return v;
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": size");
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(expected[i] - actual[i]) <= 1e-5f * Math.max(1, Math.abs(expected[i])))) {
        fail(what + ": value " + i + " is " + actual[i] + ", Keras computed " + expected[i]);
      }
    }
  }

  @Test
  void readsEachKindInBothOrders() throws IOException {
    Map<String, ScalarOperation> ops = new HashMap<>();
    for (ModelSummary.Row row : model().summary().rows()) {
      if (row.layer() instanceof ScalarOperation op) {
        ops.put(row.name(), op);
      }
    }
    assertEquals(new ScalarOperation("add", ScalarOperation.Kind.ADD, 3.0, false), ops.get("add"));
    assertEquals(new ScalarOperation("subtract", ScalarOperation.Kind.SUBTRACT, 2, true), ops.get("subtract"));
    assertEquals(new ScalarOperation("true_divide_1", ScalarOperation.Kind.TRUE_DIVIDE, 6.0, true),
        ops.get("true_divide_1"));
    assertEquals(new ScalarOperation("divide", ScalarOperation.Kind.DIVIDE, 3.0, false), ops.get("divide"));
    assertEquals(10, ops.size());
    assertInstanceOf(ElementwiseMerge.class, model().summary().rows().stream().filter(r -> r.name().equals("add_2"))
        .findFirst().orElseThrow().layer(), "the layer Add beside the operation Add");
  }

  @Test
  void eachOperationComputesWhatKerasComputed() throws IOException {
    JsonNode outputs = JSON.readTree(fixture("scalar_operations.outputs.json").toFile()).path("operations");
    int checked = 0;
    for (ModelSummary.Row row : model().summary().rows()) {
      if (!(row.layer() instanceof ScalarOperation op)) {
        continue;
      }
      JsonNode keras = outputs.path(row.name());
      float[] input = floats(keras.path("input"));
      float[] out = GraphRun.eval(tf -> op.call(new LayerCall(tf, row.inputShape(), row.outputShape(), List.of(),
          List.of(), null, 0, new ArrayList<>()), tf.constant(Shape.of(2, 4, 4, 3), DataBuffers.of(input, true, false))));
      assertClose(floats(keras.path("output")), out, row.name() + " (" + op + ")");
      checked++;
    }
    assertEquals(10, checked);
  }

  @Test
  void theModelComputesWhatKerasComputed() throws IOException {
    JsonNode fixture = JSON.readTree(fixture("scalar_operations.outputs.json").toFile());
    float[] input = floats(fixture.path("input").path("values"));
    Model model = model();
    float[] logits = GraphRun.eval(tf -> Network.forInference(tf, model,
        tf.constant(Shape.of(2, 4, 4, 3), DataBuffers.of(input, true, false))).logits());
    assertClose(floats(fixture.path("logits")), logits, "the output before the softmax");
  }

  /** The written entries of the operations are Keras's (the constant as a float), and read back to the same model. */
  @Test
  void writesOperationsAsKerasDoes() throws IOException {
    Model model = model();
    String written = model.toKerasJson();
    assertEquals(model, KerasModelReader.parse(written, "written").model());
    Map<String, JsonNode> keras = entries(JSON.readTree(fixture("scalar_operations.json").toFile()));
    Map<String, JsonNode> ours = entries(JSON.readTree(written));
    int compared = 0;
    for (Map.Entry<String, JsonNode> e : keras.entrySet()) {
      JsonNode k = e.getValue();
      if (!OperationCodecs.isOperation(k)) {
        continue;
      }
      JsonNode o = ours.get(e.getKey());
      for (String key : List.of("module", "class_name", "config", "registered_name", "name")) {
        assertEquals(k.get(key), o.get(key), e.getKey() + " " + key);
      }
      JsonNode kArgs = k.path("inbound_nodes").get(0).path("args");
      JsonNode oArgs = o.path("inbound_nodes").get(0).path("args");
      for (int i = 0; i < 2; i++) {
        if (kArgs.get(i).isNumber()) {
          assertEquals(kArgs.get(i).asDouble(), oArgs.get(i).asDouble(), e.getKey() + " constant");
        } else {
          assertEquals(kArgs.get(i), oArgs.get(i), e.getKey() + " tensor");
        }
      }
      compared++;
    }
    assertEquals(10, compared);
  }

  private static Map<String, JsonNode> entries(JsonNode model) {
    Map<String, JsonNode> byName = new HashMap<>();
    model.path("config").path("layers").forEach(l -> byName.put(l.path("name").asText(), l));
    return byName;
  }

  @Test
  void refusesOtherOperationsByName() {
    ModelConfigException e = assertThrows(ModelConfigException.class,
        () -> KerasModelReader.read(fixture("unsupported_operations.json")));
    assertEquals("unsupported_operations.json: 2 layers are not supported: layer 1 'negative': Negative (a Keras 3"
        + " operation); layer 2 'power': Power (a Keras 3 operation) (supported: " + KerasLayers.supportedNames()
        + "; operations: Add, Divide, Multiply, Subtract, TrueDivide of a tensor and a number)", e.getMessage());
    e = assertThrows(ModelConfigException.class, () -> KerasModelReader.read(fixture("tensor_operation.json")));
    assertEquals("tensor_operation.json: layer 2 'multiply' (Multiply operation): is called on 2 arguments (a tensor,"
        + " a tensor); only an operation of one tensor and one number is supported", e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
