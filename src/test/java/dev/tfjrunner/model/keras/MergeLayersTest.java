package dev.tfjrunner.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.layers.Concatenate;
import dev.tfjrunner.model.layers.ElementwiseMerge;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.LayerCall;
import dev.tfjrunner.testing.GraphRun;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** The merging layers against the outputs real Keras 3.15.1 computed on the same inputs (merges.json). */
class MergeLayersTest {

  private static JsonNode cases() throws IOException {
    try (InputStream in = MergeLayersTest.class.getResourceAsStream("/keras/merges.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static long[] dims(JsonNode shape) {
    long[] d = new long[shape.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = shape.get(i).asLong();
    }
    return d;
  }

  private static float[] values(JsonNode values) {
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) values.get(i).asDouble();
    }
    return v;
  }

  @Test
  void outputsEqualKeras() throws IOException {
    for (JsonNode c : cases()) {
      Layer layer = KerasLayers.read(c.get("class_name").asText(), new LayerConfig(c.get("config"), true));
      List<long[]> shapes = new ArrayList<>();
      c.get("inputs").forEach(i -> shapes.add(Arrays.copyOfRange(dims(i.get("shape")), 1, i.get("shape").size())));
      long[] expectedShape = dims(c.get("output").get("shape"));
      String what = c.get("config").get("name").asText();
      assertArrayEquals(Arrays.copyOfRange(expectedShape, 1, expectedShape.length), layer.outputShape(shapes), what);
      float[] out = GraphRun.eval(tf -> {
        List<Operand<TFloat32>> inputs = new ArrayList<>();
        c.get("inputs").forEach(i -> inputs.add(tf.constant(Shape.of(dims(i.get("shape"))),
            DataBuffers.of(values(i.get("values")), true, false))));
        return layer.call(new LayerCall(tf, shapes, layer.outputShape(shapes), List.of(), List.of(), null, 0,
            new ArrayList<>()), inputs);
      });
      float[] expected = values(c.get("output").get("values"));
      assertEquals(expected.length, out.length, what);
      for (int i = 0; i < out.length; i++) {
        assertEquals(expected[i], out[i], 1e-5, what + " at " + i);
      }
      assertEquals(layer, KerasLayers.read(layer.className(), new LayerConfig(KerasLayers.write(layer).get("config"),
          true)), what + ": get_config and from_config are inverses");
    }
  }

  @Test
  void refusesShapesKerasRefuses() {
    ElementwiseMerge add = ElementwiseMerge.of(ElementwiseMerge.Kind.ADD).withName("add");
    assertEquals("Add needs shapes that broadcast, got (None, 4, 4, 3) and (None, 4, 4, 2)", assertThrows(
        IllegalArgumentException.class, () -> add.outputShape(List.of(new long[] {4, 4, 3}, new long[] {4, 4, 2})))
        .getMessage());
    assertEquals("Subtract needs exactly 2 inputs, got 3", assertThrows(IllegalArgumentException.class,
        () -> ElementwiseMerge.of(ElementwiseMerge.Kind.SUBTRACT).outputShape(List.of(new long[] {2}, new long[] {2},
            new long[] {2}))).getMessage());
    assertEquals("Add merges a list of at least 2 inputs, got one", assertThrows(IllegalArgumentException.class,
        () -> add.outputShape(new long[] {2})).getMessage());
    assertEquals("Concatenate on axis -1 needs inputs equal in every other size, got (None, 4, 4, 3) and"
        + " (None, 4, 2, 3)", assertThrows(IllegalArgumentException.class, () -> Concatenate.of(-1)
        .outputShape(List.of(new long[] {4, 4, 3}, new long[] {4, 2, 3}))).getMessage());
    assertEquals("axis 0 is not an axis of inputs (None, ...) of rank 4 other than the batch axis", assertThrows(
        IllegalArgumentException.class, () -> Concatenate.of(0).outputShape(List.of(new long[] {4, 4, 3},
        new long[] {4, 4, 3}))).getMessage());
  }
}
