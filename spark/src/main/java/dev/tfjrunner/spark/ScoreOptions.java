package dev.tfjrunner.spark;

import dev.tfjrunner.serving.Inversion;
import java.io.Serializable;

/**
 * How to score: the SavedModel directory (a path every executor can read), the images per
 * {@code Classifier.predict} call, how many classes to list per image and the pictures' inversion.
 */
public record ScoreOptions(String model, int batchSize, int topK, Inversion inversion)
    implements Serializable {

  public static final int DEFAULT_BATCH_SIZE = 256;
  public static final int DEFAULT_TOP_K = 5;

  public ScoreOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1 (got " + batchSize + ")");
    }
    if (topK < 1) {
      throw new IllegalArgumentException("--top must be at least 1 (got " + topK + ")");
    }
  }

  public static ScoreOptions of(String model) {
    return new ScoreOptions(model, DEFAULT_BATCH_SIZE, DEFAULT_TOP_K, Inversion.AUTO);
  }

  public ScoreOptions withBatchSize(int size) {
    return new ScoreOptions(model, size, topK, inversion);
  }

  public ScoreOptions withTopK(int k) {
    return new ScoreOptions(model, batchSize, k, inversion);
  }
}
