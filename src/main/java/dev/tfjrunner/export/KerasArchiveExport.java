package dev.tfjrunner.export;

import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.keras.weights.KerasArchiveWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A trained model as a Keras 3 {@code .keras} archive, for a Python user to load with
 * {@code keras.saving.load_model}: its variables restored from a TF checkpoint into a forward
 * graph, read out and written by {@link KerasArchiveWriter}. The archive's model takes what tfj's
 * network takes (images in [0, 1]); a run whose preprocessing filters images first is refused, since
 * no Keras layer does what they do.
 */
public final class KerasArchiveExport {

  private KerasArchiveExport() {}

  /** Writes {@code target} from the checkpoint at {@code prefix} (a training checkpoint or a SavedModel's variables). */
  public static void export(ModelSpec spec, Path prefix, Path target) throws IOException {
    if (!spec.preprocessing().isIdentity()) {
      throw new ModelConfigException(target + ": model '" + spec.model().name() + "' was trained on blurred or"
          + " sharpened images (preprocessing " + spec.preprocessing() + "), which no Keras layer reproduces; export"
          + " it as a SavedModel instead");
    }
    KerasArchiveWriter.write(target, spec.model(), weights(spec, prefix));
  }

  /** The checkpoint's values of the network's variables, in {@code Network.weights()} order. */
  private static float[][] weights(ModelSpec spec, Path prefix) throws IOException {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> image = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
      Network network = Network.forInference(tf, spec.model(), Network.inputFromImages(tf, spec.model(), image));
      try (Session session = new Session(graph)) {
        try {
          session.restore(prefix.toString());
        } catch (TensorFlowException e) {
          throw new IOException(prefix + ": cannot restore the model's variables ("
              + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
        }
        Session.Runner runner = session.runner();
        network.weights().forEach(w -> runner.fetch(w.value()));
        try (Result result = runner.run()) {
          float[][] values = new float[network.weights().size()][];
          for (int i = 0; i < values.length; i++) {
            values[i] = new float[Math.toIntExact(network.weights().get(i).size())];
            ((TFloat32) result.get(i)).copyTo(DataBuffers.of(values[i], false, false));
          }
          return values;
        }
      }
    }
  }
}
