package dev.tfjrunner.testing;

import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.WeightBinding;
import dev.tfjrunner.model.layers.Shapes;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** A model's inference pass (Sequential or Functional) with given weights, for comparing against Keras's predictions. */
public final class ForwardPass {

  private ForwardPass() {}

  /**
   * Softmax probabilities, [count * classes] row-major, of {@code count} inputs stored back to back
   * in {@code inputs} (the model's input shape each), with {@code weights} in
   * {@code Network.weights()} order assigned through {@link WeightBinding}.
   */
  public static float[] probabilities(Model model, float[][] weights, float[] inputs, int count) {
    long[] inputShape = Shapes.withBatch(model.input().dims());
    inputShape[0] = count;
    float[] out = new float[Math.toIntExact(count * model.outputUnits())];
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(Shapes.withBatch(model.input().dims()))));
      Network network = Network.forInference(tf, model, input);
      Operand<TFloat32> softmax = tf.nn.softmax(network.logits());
      WeightBinding binding = WeightBinding.create(tf.withSubScope("load_weights"), network.weights());
      try (Session session = new Session(graph);
          TFloat32 x = TFloat32.tensorOf(Shape.of(inputShape), DataBuffers.of(inputs, true, false))) {
        binding.assign(session, weights);
        try (Result result = session.runner().feed(input, x).fetch(softmax).run()) {
          ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
        }
      }
    }
    return out;
  }
}
