package dev.tfjrunner.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Conv2D;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Dropout;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.model.layers.LayerCall;
import dev.tfjrunner.model.layers.RandomRotation;
import dev.tfjrunner.model.layers.Stochastic;
import dev.tfjrunner.model.layers.TrainingSwitch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A digit classifier written by real Keras 3.15.1 with most of the new layers
 * (src/test/resources/keras/layers/many-layers-model.json): Keras's shapes and parameter counts,
 * a training step's gradients, a serving graph without random ops, and one random stream per
 * random layer.
 */
class ManyLayersModelTest {

  private static JsonNode fixture() throws IOException {
    try (InputStream in = ManyLayersModelTest.class.getResourceAsStream("/keras/layers/many-layers-model.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static Model model(JsonNode fixture) {
    return KerasModelReader.parse(fixture.path("model").toString(), "many-layers-model.json").model();
  }

  @Test
  void summaryIsKeras() throws IOException {
    JsonNode fixture = fixture();
    ModelSummary summary = model(fixture).summary();
    assertEquals(fixture.path("params").asLong(), summary.totalParameters());
    assertEquals(fixture.path("trainable_params").asLong(), summary.trainableParameters());
    JsonNode shapes = fixture.path("output_shapes");
    assertEquals(shapes.size(), summary.rows().size());
    for (int i = 0; i < shapes.size(); i++) {
      long[] expected = new long[shapes.get(i).size()];
      for (int j = 0; j < expected.length; j++) {
        expected[j] = shapes.get(i).get(j).asLong();
      }
      assertArrayEquals(expected, summary.rows().get(i).outputShape(), summary.rows().get(i).name());
    }
  }

  /** Written as Keras 3's JSON (which Keras 3.15.1 loads to the same 7,570 parameters) and read back: the same model. */
  @Test
  void writesAndReadsBackTheSameModel() throws IOException {
    Model model = model(fixture());
    assertEquals(model, KerasModelReader.parse(model.toKerasJson(), "written.json").model());
  }

  /** Forward and backward through every layer in a training graph, with the random layers on. */
  @Test
  void trainingStepHasGradients() throws IOException {
    Model model = model(fixture());
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> images = tf.random.statelessRandomUniform(tf.constant(new long[] {4, 28, 28, 1}),
          tf.constant(new long[] {1, 2}), TFloat32.class);
      Network network = Network.forTraining(tf, model, images, 7,
          new TrainingSwitch(tf.constant(true), tf.constant(new long[] {7, 1})));
      List<Output<?>> wrt = new ArrayList<>();
      network.trainableWeights().forEach(w -> wrt.add(w.value().asOutput()));
      Operand<TFloat32> loss = tf.sum(network.logits(), tf.constant(new int[] {0, 1}));
      Output<?>[] grads = graph.addGradients(loss.asOutput(), wrt.toArray(new Output<?>[0]));
      session.initialize();
      Session.Runner runner = session.runner().fetch(network.logits());
      for (Output<?> g : grads) {
        runner.fetch(g);
      }
      try (Result result = runner.run()) {
        assertEquals(grads.length + 1, result.size());
        TFloat32 logits = (TFloat32) result.get(0);
        assertEquals(Shape.of(4, 10), logits.shape());
        for (int i = 0; i < 4; i++) {
          for (int k = 0; k < 10; k++) {
            assertTrue(Float.isFinite(logits.getFloat(i, k)), "logit " + i + "," + k);
          }
        }
      }
    }
  }

  /** The serving graph holds no random draws: every random layer is the identity there. */
  @Test
  void servingGraphHasNoRandomOps() throws IOException {
    Model model = model(fixture());
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Network.forInference(tf, model, tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1))));
      Iterator<GraphOperation> ops = graph.operations();
      while (ops.hasNext()) {
        String type = ops.next().type();
        assertFalse(type.startsWith("StatelessRandom") || type.equals("ImageProjectiveTransformV3"), type);
      }
    }
  }

  /** TF Java cannot differentiate the geometric transform: after a trained layer it is refused by name. */
  @Test
  void geometricRandomLayerAfterWeightsIsRefused() {
    Sequential model = Sequential.of("late", Input.of(8, 8, 1), Conv2D.of(2, 3), RandomRotation.of(0.1), Flatten.of(),
        Dense.of(2).activation(Activation.SOFTMAX));
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.forTraining(tf, model,
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 1))), 1,
          new TrainingSwitch(tf.constant(true), tf.constant(new long[] {1, 0}))));
      assertTrue(e.getMessage().startsWith("layer 'random_rotation' (RandomRotation) comes after a layer with weights"
          + " (conv2d/"), e.getMessage());
      assertTrue(e.getMessage().contains("put the random image layers before every trained layer"), e.getMessage());
    }
  }

  /** A random layer that records the stream the network gives it. */
  record StreamProbe(String name, List<Integer> streams) implements Stochastic {
    @Override
    public StreamProbe withName(String n) {
      return new StreamProbe(n, streams);
    }

    @Override
    public String className() {
      return "StreamProbe";
    }

    @Override
    public long[] outputShape(long[] in) {
      return in.clone();
    }

    @Override
    public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
      streams.add(call.randomStream());
      return x;
    }
  }

  @Test
  void everyRandomLayerDrawsItsOwnStream() {
    List<Integer> streams = new ArrayList<>();
    Sequential model = Sequential.of("streams", Input.of(4, 4, 1), new StreamProbe(null, streams), Dropout.of(0.5),
        new StreamProbe(null, streams), Flatten.of(), Dense.of(2).activation(Activation.SOFTMAX));
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Network.forTraining(tf, model, tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 4, 1))), 1,
          new TrainingSwitch(tf.constant(true), tf.constant(new long[] {1, 0})));
    }
    assertEquals(List.of(1, 3), streams, "Dropout between them draws stream 2");
  }
}
