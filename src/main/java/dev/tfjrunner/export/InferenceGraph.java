package dev.tfjrunner.export;

import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Network;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The forward-only graph a model is served with: {@code image} [-1, h, w, c] in [0, 1] ->
 * preprocessing (as trained) -> network -> {@code probabilities} [-1, classes] and {@code class_id}
 * [-1]. No dropout, no augmentation, no optimizer, no training placeholders, batch normalisation
 * with its moving statistics, and variables without
 * initialisers: the same variable names as the training graph, so its checkpoints restore here.
 */
public final class InferenceGraph implements AutoCloseable {

  public static final String SIGNATURE_KEY = "serving_default";
  public static final String INPUT = "image";
  public static final String PROBABILITIES = "probabilities";
  public static final String CLASS_ID = "class_id";

  /** The serving signature in words, as model.json states it. */
  public static String describeSignature(ModelSpec spec, InputRange range) {
    return SIGNATURE_KEY + ": " + INPUT + " float32 [-1," + spec.height() + "," + spec.width() + "," + spec.channels()
        + "] in [0," + (int) range.scale() + "] -> " + PROBABILITIES + " float32 [-1," + spec.classes() + "], " + CLASS_ID
        + " int64 [-1]";
  }

  private final Graph graph;
  private final Signature signature;

  public InferenceGraph(ModelSpec spec) {
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> image = tf.withName(INPUT).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
      Network network = forwardPass(tf, spec, image);
      signature = signature(tf, image, tf.withName(PROBABILITIES).nn.softmax(network.logits()), network.logits());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** The model's forward pass on {@code image}: preprocessing, then the network in inference mode. */
  static Network forwardPass(Ops tf, ModelSpec spec, Operand<TFloat32> image) {
    Operand<TFloat32> x = spec.preprocessing().apply(tf, image);
    return Network.forInference(tf, spec.model(), Network.inputFromImages(tf, spec.model(), x));
  }

  /** The serving signature: {@code image} -> {@code probabilities} and {@code class_id}, the argmax of {@code scores}. */
  static Signature signature(Ops tf, Operand<TFloat32> image, Operand<TFloat32> probabilities, Operand<TFloat32> scores) {
    Operand<TInt64> classId = tf.withName(CLASS_ID).math.argMax(scores, tf.constant(1), TInt64.class);
    return Signature.builder().key(SIGNATURE_KEY)
        .input(INPUT, image)
        .output(PROBABILITIES, probabilities)
        .output(CLASS_ID, classId)
        .build();
  }

  public Graph graph() {
    return graph;
  }

  public Signature signature() {
    return signature;
  }

  @Override
  public void close() {
    graph.close();
  }
}
