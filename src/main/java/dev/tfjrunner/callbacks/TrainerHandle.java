package dev.tfjrunner.callbacks;

import java.io.IOException;
import java.nio.file.Path;

/** What a callback may do to the training it observes. */
public interface TrainerHandle {

  /** The epoch count training runs to unless stopped (Keras's {@code params['epochs']}). */
  int epochs();

  /** Batches per epoch (Keras's {@code params['steps']}). */
  int stepsPerEpoch();

  /** The learning rate the next step will use. */
  double learningRate();

  /** Changes the learning rate from the next step on, without rebuilding anything. */
  void setLearningRate(double learningRate);

  /** Ends training after the current batch; {@code reason} is recorded in the History. */
  void stopTraining(String reason);

  boolean isStopRequested();

  /**
   * Names of the model's weights ({@code conv2d/kernel}, ..., {@code batch_normalization/moving_mean})
   * in {@link #readWeights()} order: the trainable ones and the moving statistics.
   */
  java.util.List<String> weightNames();

  /** The shapes of the weights, in {@link #weightNames()} order ({@code [3, 3, 1, 32]} for a convolution kernel). */
  java.util.List<long[]> weightShapes();

  /** A copy of every weight, moving statistics included (restore_best_weights puts them back too). */
  float[][] readWeights();

  void writeWeights(float[][] weights);

  /**
   * Saves the model into {@code directory}, which must not exist yet: a serving SavedModel, or
   * with {@code weightsOnly} a TF checkpoint of the variables. {@code logs} are the metrics of the
   * epoch being saved (recorded in the model's metadata).
   */
  void saveModel(Path directory, boolean weightsOnly, java.util.Map<String, Double> logs) throws IOException;
}
