package dev.tfjrunner.testing;

import dev.tfjrunner.callbacks.TrainerHandle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A trainer without a model, for feeding metric sequences to callbacks: the learning rate is held
 * as float32 like the graph's variable, and the "weights" are one number set to the epoch, so a
 * restore shows which epoch's weights came back.
 */
public class FakeTrainer implements TrainerHandle {

  public float learningRate = 0.001f;
  public boolean stopped;
  public String stopReason;
  public float[][] weights;
  public final List<Path> saved = new ArrayList<>();
  private final int stepsPerEpoch;
  private final List<String> weightNames;

  /** One weight "w" holding a single number. */
  public FakeTrainer() {
    this(10, List.of("w"), new float[][] {{0f}});
  }

  public FakeTrainer(int stepsPerEpoch, List<String> weightNames, float[][] weights) {
    this.stepsPerEpoch = stepsPerEpoch;
    this.weightNames = weightNames;
    this.weights = weights;
  }

  @Override
  public int epochs() {
    return 40;
  }

  @Override
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  @Override
  public double learningRate() {
    return learningRate;
  }

  @Override
  public void setLearningRate(double value) {
    learningRate = (float) value;
  }

  @Override
  public void stopTraining(String reason) {
    stopped = true;
    stopReason = reason;
  }

  @Override
  public boolean isStopRequested() {
    return stopped;
  }

  @Override
  public List<String> weightNames() {
    return weightNames;
  }

  /** Every weight a vector of its length. */
  @Override
  public List<long[]> weightShapes() {
    return Arrays.stream(weights).map(w -> new long[] {w.length}).toList();
  }

  @Override
  public float[][] readWeights() {
    float[][] copy = new float[weights.length][];
    for (int i = 0; i < weights.length; i++) {
      copy[i] = weights[i].clone();
    }
    return copy;
  }

  @Override
  public void writeWeights(float[][] values) {
    weights = new float[values.length][];
    for (int i = 0; i < values.length; i++) {
      weights[i] = values[i].clone();
    }
  }

  @Override
  public void saveModel(Path directory, boolean weightsOnly, Map<String, Double> logs) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("epoch.txt"), Float.toString(weights[0][0]));
    saved.add(directory);
  }
}
