package dev.tfjrunner.tensorboard;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.callbacks.Callback;
import dev.tfjrunner.callbacks.TrainerHandle;
import dev.tfjrunner.io.Json;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.GraphDef;

/**
 * Keras 3's TensorBoard callback: writes the event files {@code tensorboard --logdir} reads, tag
 * for tag, step for step and plugin for plugin as {@code keras.callbacks.TensorBoard} writes them
 * (TF 2 tensor summaries; see {@link SummaryFileWriter}). Two runs per log directory, as in
 * Keras: {@code <runLogDir>/train} and {@code <runLogDir>/validation}, one events file writer each.
 *
 * <p>Tags written ({@code step} is the 0-based epoch unless stated):
 *
 * <ul>
 *   <li>train: {@code epoch_<key>} for every epoch log key not starting with {@code val_}
 *       ({@code epoch_loss}, {@code epoch_accuracy}, ...), except that {@code lr}, the learning
 *       rate used during the epoch, is written as {@code epoch_learning_rate};
 *   <li>validation: {@code epoch_<key>} for every {@code val_<key>} ({@code epoch_loss},
 *       {@code epoch_accuracy}), so both runs share one chart per metric, and
 *       {@code evaluation_<key>_vs_iterations} at the optimizer's iteration count after the epoch
 *       ({@code (epoch + 1) * stepsPerEpoch}), as Keras writes at the end of each validation;
 *   <li>train, with {@link UpdateFreq#everyBatches(int) update_freq N}: {@code batch_<key>}
 *       ({@code batch_loss}, {@code batch_accuracy}: the epoch's running means, as Keras logs them)
 *       at the optimizer's iteration count after the batch, {@code epoch * stepsPerEpoch + batch + 1},
 *       whenever that is divisible by N (Keras 3 then also drops the epoch and evaluation summaries
 *       written at a step not divisible by N, which tfj does not copy);
 *   <li>train, every {@code histogramFreq} epochs (epochs 0, f, 2f, ...): for every weight,
 *       moving statistics included, {@code <path>/histogram} and with {@code writeImages}
 *       {@code <path>/image} ({@link WeightImages}), where the path is Keras 3's variable path:
 *       {@code <model>/<layer>/<weight>} in a Sequential model ({@code simple/conv2d/kernel}),
 *       {@code <layer>/<weight>} in a Functional one;
 *   <li>train, at train begin (step 0), with {@code writeGraph}: the model config as tag
 *       {@code keras} (the Graphs tab's conceptual graph, as Keras writes it) and the op graph
 *       (which Keras 3 does not write); with {@code writeImages}, the sample inputs as one
 *       {@code training_samples} image tag (tfj's own);
 *   <li>train: whatever {@link #writeImage} is given, as an image tag of its name.
 * </ul>
 *
 * <p>Both files are flushed at every epoch end, so a live TensorBoard follows the run and a
 * crash loses at most the current epoch. {@link #onTrainEnd} closes the files; {@link #close()}
 * also frees the native graphs and sessions, and is what a caller runs when training fails.
 * Not thread-safe: the hooks and {@link #writeImage} must be called from one thread at a time.
 */
public final class TensorBoard implements Callback, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TensorBoard.class);

  /** Tag of the sample training inputs. */
  public static final String SAMPLES_TAG = "training_samples";

  /** At most this many sample inputs are drawn (tf.summary.image's max_outputs). */
  public static final int MAX_SAMPLES = 16;

  /**
   * How often batch-level scalars are written: Keras's {@code update_freq}.
   *
   * @param batches write {@code batch_*} scalars at every iteration count divisible by this;
   *     0 writes only the epoch-level ones (Keras's {@code 'epoch'})
   */
  public record UpdateFreq(int batches) {

    public static final UpdateFreq EPOCH = new UpdateFreq(0);

    public UpdateFreq {
      if (batches < 0) {
        throw new IllegalArgumentException("update_freq must be 'epoch' or a batch count >= 1, got " + batches);
      }
    }

    public static UpdateFreq everyBatches(int batches) {
      if (batches < 1) {
        throw new IllegalArgumentException("update_freq batch count must be >= 1, got " + batches);
      }
      return new UpdateFreq(batches);
    }

    /** Keras's spellings: {@code epoch}, {@code batch} (every batch) or a batch count (also in JSON). */
    @JsonCreator
    public static UpdateFreq parse(String text) {
      String value = text.trim().toLowerCase(Locale.ROOT);
      if (value.equals("epoch")) {
        return EPOCH;
      }
      if (value.equals("batch")) {
        return everyBatches(1);
      }
      try {
        return everyBatches(Integer.parseInt(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("update_freq must be 'epoch', 'batch' or a batch count, got '" + text + "'");
      }
    }

    /** As run.json spells it: {@code "epoch"} or the batch count. */
    @JsonValue
    @Override
    public String toString() {
      return batches == 0 ? "epoch" : Integer.toString(batches);
    }

    public boolean writesBatches() {
      return batches > 0;
    }
  }

  /**
   * What to write.
   *
   * @param histogramFreq weight histograms every this many epochs; 0 disables them
   * @param updateFreq whether and how often batch-level scalars are written
   * @param writeGraph write the model config and the op graph given to the constructor (if any)
   *     at train begin
   * @param writeImages write the weights as images with their histograms, the sample inputs given
   *     to the constructor (if any) and whatever {@link TensorBoard#writeImage} receives; when
   *     false, all are skipped
   */
  public record Config(int histogramFreq, UpdateFreq updateFreq, boolean writeGraph, boolean writeImages) {

    public Config {
      if (histogramFreq < 0) {
        throw new IllegalArgumentException("histogram_freq must be >= 0, got " + histogramFreq);
      }
      Objects.requireNonNull(updateFreq, "updateFreq");
    }

    /** Histograms every epoch, epoch-level scalars, the graph and the images. */
    public static Config defaults() {
      return new Config(1, UpdateFreq.EPOCH, true, true);
    }
  }

  private final Config config;
  private final GraphDef graphToShow;
  private final String modelJson;
  private final String weightPathPrefix;
  private final SampleImages samples;
  private final SummaryFileWriter train;
  private final SummaryFileWriter validation;
  private TrainerHandle trainer;
  private long firstStepOfEpoch;

  /**
   * Prepares the writers; the events files appear with the first thing written to each run.
   *
   * @param runLogDir this run's directory, e.g. {@code tensorboard-logs/<run id>}
   * @param graphToShow the training graph for the Graphs tab ({@code graph.toGraphDef()}), or null
   * @param modelJson the model as Keras's {@code model.to_json()} writes it, for the conceptual
   *     graph and Keras's weight paths; or null (no conceptual graph, paths {@code <layer>/<weight>})
   * @param samples training inputs for the Images tab (the first {@value #MAX_SAMPLES} are
   *     drawn), or null
   * @throws IllegalArgumentException when {@code modelJson} is not a JSON object with a
   *     {@code class_name}
   */
  public TensorBoard(Config config, Path runLogDir, GraphDef graphToShow, String modelJson, SampleImages samples) {
    this.config = Objects.requireNonNull(config, "config");
    this.graphToShow = graphToShow;
    this.modelJson = modelJson;
    this.weightPathPrefix = modelJson == null ? "" : weightPathPrefix(modelJson);
    this.samples = samples;
    this.train = new SummaryFileWriter(runLogDir.resolve("train"));
    try {
      this.validation = new SummaryFileWriter(runLogDir.resolve("validation"));
    } catch (RuntimeException e) {
      train.close();
      throw e;
    }
  }

  public Config config() {
    return config;
  }

  @Override
  public void setTrainer(TrainerHandle trainer) {
    this.trainer = trainer;
  }

  @Override
  public void onTrainBegin() {
    if (config.writeGraph() && modelJson != null) {
      train.kerasModel(0, modelJson);
    }
    if (config.writeGraph() && graphToShow != null) {
      train.graph(0, graphToShow);
    }
    if (config.writeImages() && samples != null) {
      train.images(SAMPLES_TAG, 0, Uint8Images.of(samples), MAX_SAMPLES);
    }
    train.flush();
  }

  @Override
  public void onEpochBegin(int epoch) {
    firstStepOfEpoch = (long) epoch * trainer.stepsPerEpoch();
  }

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs) {
    long step = firstStepOfEpoch + batch + 1; // Keras's step: the iterations done, as for evaluation_*
    if (config.updateFreq().writesBatches() && step % config.updateFreq().batches() == 0) {
      logs.forEach((key, value) -> train.scalar("batch_" + key, step, value));
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    long iterations = (long) (epoch + 1) * trainer.stepsPerEpoch();
    logs.forEach((key, value) -> {
      if (key.startsWith("val_")) {
        String metric = key.substring("val_".length());
        validation.scalar("evaluation_" + metric + "_vs_iterations", iterations, value);
        validation.scalar("epoch_" + metric, epoch, value);
      } else {
        train.scalar(key.equals("lr") ? "epoch_learning_rate" : "epoch_" + key, epoch, value);
      }
    });
    if (config.histogramFreq() > 0 && epoch % config.histogramFreq() == 0) {
      writeWeights(epoch);
    }
    train.flush();
    validation.flush();
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    try {
      train.closeFile();
    } finally {
      validation.closeFile();
    }
  }

  /**
   * Writes {@code image} (RGB; transparency flattened onto white) to the train run as the image
   * tag {@code tag}, e.g. a confusion matrix after training; does nothing when the config's
   * {@code writeImages} is false. After {@link #onTrainEnd} this opens a second events file in
   * the train directory, which TensorBoard reads together with the first.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public void writeImage(String tag, BufferedImage image, long step) {
    train.requireNotClosed(); // a late call is a bug even when images are off
    if (config.writeImages()) {
      train.images(tag, step, Uint8Images.rgb(image), 1);
      train.flush();
    }
  }

  /** Closes the events files and frees the native resources; closing again does nothing. */
  @Override
  public void close() {
    try {
      train.close();
    } finally {
      validation.close();
    }
  }

  /**
   * What Keras 3 puts before a weight's {@code <layer>/<weight>} name in its variable path: a
   * Sequential model builds its layers inside its own name scope ({@code <model>/}), a
   * Functional model's layers are built before the model exists (nothing).
   */
  static String weightPathPrefix(String modelJson) {
    JsonNode model;
    try {
      model = Json.MAPPER.readTree(modelJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("model config for TensorBoard is not JSON: " + e.getOriginalMessage(), e);
    }
    if (model == null || !model.path("class_name").isTextual()) {
      throw new IllegalArgumentException("model config for TensorBoard has no class_name");
    }
    return model.path("class_name").asText().equals("Sequential")
        ? model.path("config").path("name").asText() + "/" : "";
  }

  private void writeWeights(int epoch) {
    List<String> names = trainer.weightNames();
    List<long[]> shapes = trainer.weightShapes();
    float[][] weights = trainer.readWeights();
    for (int i = 0; i < names.size(); i++) {
      String path = weightPathPrefix + names.get(i);
      if (allFinite(weights[i])) {
        train.histogram(path + "/histogram", epoch, weights[i]);
      } else {
        // The histogram's min and max would be NaN or infinite; a diverged run still gets its scalars.
        LOG.warn("Epoch {}: weight {} has NaN or infinite values; its histogram is skipped", epoch + 1, names.get(i));
      }
      Uint8Images image = config.writeImages() ? WeightImages.of(shapes.get(i), weights[i]) : null;
      if (image != null) {
        train.images(path + "/image", epoch, image, WeightImages.MAX_OUTPUTS);
      }
    }
  }

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
