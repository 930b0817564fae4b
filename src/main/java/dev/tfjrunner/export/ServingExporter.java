package dev.tfjrunner.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.train.TrainingGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.WeightBinding;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Exports the weights of a training graph as a clean serving SavedModel (tag {@code serve},
 * signature {@code serving_default}, see {@link InferenceGraph}), with {@code labels.txt} and
 * {@code model.json} in {@code assets.extra/}. The inference graph and its session are built once
 * and reused for every export of a run (ModelCheckpoint exports after each improvement).
 */
public final class ServingExporter implements AutoCloseable {

  public static final String TAG = "serve";
  public static final String ASSETS_EXTRA = "assets.extra";
  public static final String LABELS_FILE = "labels.txt";
  public static final String METADATA_FILE = "model.json";

  private final InferenceGraph inference;
  private final Session session;

  public ServingExporter(ModelSpec spec) {
    inference = new InferenceGraph(spec);
    session = new Session(inference.graph());
  }

  /**
   * Writes the SavedModel into {@code directory}, which must not exist (use
   * {@link #exportAtomically} to replace a model in place).
   */
  public void export(TrainingGraph model, Path directory, List<String> classNames, ModelMetadata metadata)
      throws IOException {
    Path scratch = Files.createTempDirectory("tfj-export-");
    try {
      // Through a checkpoint: the serving graph has the same variable names and nothing else.
      Path prefix = scratch.resolve("weights");
      model.saveCheckpoint(prefix);
      exportCheckpoint(prefix, directory, classNames, metadata);
    } finally {
      AtomicOutput.deleteRecursively(scratch);
    }
  }

  /**
   * As {@link #export(TrainingGraph, Path, List, ModelMetadata)} from the TF checkpoint at
   * {@code prefix}: a training checkpoint, or the {@code variables/variables} of another SavedModel
   * of the same architecture. Only the variables the serving graph has are read from it.
   */
  public void exportCheckpoint(Path prefix, Path directory, List<String> classNames, Object metadata)
      throws IOException {
    try {
      session.restore(prefix.toString());
    } catch (TensorFlowException e) {
      throw new IOException(prefix + ": cannot restore the model's variables ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
    }
    SavedModelBundle.exporter(directory.toString())
        .withTags(TAG)
        .withSession(session)
        .withSignature(inference.signature())
        .export();
    writeAssets(directory, classNames, metadata);
  }

  /**
   * As {@link #exportCheckpoint} with the network's variables given as row-major arrays in
   * {@code Network.weights()} order (a Keras file's weights): they are assigned in a scratch graph of
   * the same network and saved as a checkpoint, so the serving graph is the very one a trained run
   * exports, with no assign ops in it.
   */
  public void exportWeights(ModelSpec spec, float[][] weights, Path directory, List<String> classNames, Object metadata)
      throws IOException {
    Path scratch = Files.createTempDirectory("tfj-export-");
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> image = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
      Network network = InferenceGraph.forwardPass(tf, spec, image);
      WeightBinding binding = WeightBinding.create(tf.withSubScope("load_weights"), network.weights());
      Path prefix = scratch.resolve("weights");
      try (Session weightSession = new Session(graph)) {
        binding.assign(weightSession, weights);
        weightSession.save(prefix.toString());
      }
      exportCheckpoint(prefix, directory, classNames, metadata);
    } finally {
      AtomicOutput.deleteRecursively(scratch);
    }
  }

  /**
   * The pixel values the SavedModel in {@code directory} takes, as its {@code model.json} records
   * them under {@link InputRange#KEY}; [0, 1] when it does not say (SavedModels of older tfj runs).
   */
  public static InputRange inputRange(Path directory) throws IOException {
    Path metadata = directory.resolve(ASSETS_EXTRA).resolve(METADATA_FILE);
    if (!Files.isRegularFile(metadata)) {
      return InputRange.UNIT;
    }
    JsonNode range = Json.MAPPER.readTree(metadata.toFile()).path(InputRange.KEY);
    try {
      return range.isTextual() ? InputRange.parse(range.asText()) : InputRange.UNIT;
    } catch (IllegalArgumentException e) {
      throw new IOException(metadata + ": " + InputRange.KEY + " must be 0-1 or 0-255, got '" + range.asText() + "'");
    }
  }

  /** {@code assets.extra/labels.txt} and {@code model.json} of the SavedModel in {@code directory}. */
  static void writeAssets(Path directory, List<String> classNames, Object metadata) throws IOException {
    Path assets = Files.createDirectories(directory.resolve(ASSETS_EXTRA));
    Files.write(assets.resolve(LABELS_FILE), classNames, StandardCharsets.UTF_8);
    Json.MAPPER.writeValue(assets.resolve(METADATA_FILE).toFile(), metadata);
  }

  /** Exports to a temporary sibling of {@code directory} and renames it into place. */
  public void exportAtomically(TrainingGraph model, Path directory, List<String> classNames, ModelMetadata metadata)
      throws IOException {
    AtomicOutput.writeDirectory(directory, temporary -> export(model, temporary, classNames, metadata));
  }

  @Override
  public void close() {
    session.close();
    inference.close();
  }
}
