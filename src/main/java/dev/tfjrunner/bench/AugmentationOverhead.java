package dev.tfjrunner.bench;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.preprocess.Preprocessing;
import dev.tfjrunner.train.Batch;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the in-graph augmentation adds to a training step: two copies of a model train on the
 * same batches, one with and one without augmentation. Their steps alternate (and which goes
 * first alternates too), and the overhead is the median of the per-step differences, so load from
 * other processes on a shared machine hits both alike and mostly cancels.
 */
public final class AugmentationOverhead {

  private static final long SEED = 42;

  private AugmentationOverhead() {}

  /**
   * @param plainMillis median step time without augmentation
   * @param augmentedMillis median step time with it
   * @param extraMillis median of (augmented - plain) over the pairs of back-to-back steps
   */
  public record Result(String model, int batchSize, int steps,
      double plainMillis, double augmentedMillis, double extraMillis) {

    /** Extra time relative to the plain step: 0.05 is 5% slower. */
    public double overhead() {
      return extraMillis / plainMillis;
    }

    public String describe() {
      return String.format(Locale.ROOT,
          "%s, batch %d, medians of %d steps: %.2f ms plain, %.2f ms augmented, paired extra %.2f ms (%+.1f%%)",
          model, batchSize, steps, plainMillis, augmentedMillis, extraMillis, 100 * overhead());
    }
  }

  /**
   * Times {@code steps} training steps of each model after {@code warmupSteps} untimed ones, on
   * consecutive {@code batchSize} batches of {@code train} (wrapping around).
   */
  public static Result measure(LabeledImages train, ModelSpec spec, Augmentation augmentation,
      int batchSize, int warmupSteps, int steps, SessionSettings settings) {
    if (augmentation.isIdentity() || train.count() < batchSize || steps < 1) {
      throw new IllegalArgumentException("need an augmentation, at least one batch of data and one step");
    }
    long[][] nanos = new long[2][steps];
    float[] staging = new float[batchSize * train.pixelsPerImage()];
    int batches = train.count() / batchSize;
    try (TrainingGraph plain = create(spec, Augmentation.NONE, settings);
        TrainingGraph augmented = create(spec, augmentation, settings)) {
      TrainingGraph[] models = {plain, augmented};
      for (int step = 0; step < warmupSteps + steps; step++) {
        int from = (step % batches) * batchSize;
        try (Batch batch = Batch.of(train, null, from, from + batchSize, staging)) {
          for (int k = 0; k < 2; k++) {
            int m = (step + k) % 2;
            long start = System.nanoTime();
            models[m].trainStep(batch, step);
            if (step >= warmupSteps) {
              nanos[m][step - warmupSteps] = System.nanoTime() - start;
            }
          }
        }
      }
    }
    long[] extra = new long[steps];
    for (int i = 0; i < steps; i++) {
      extra[i] = nanos[1][i] - nanos[0][i];
    }
    return new Result(spec.model().name(), batchSize, steps, medianMillis(nanos[0]), medianMillis(nanos[1]), medianMillis(extra));
  }

  private static TrainingGraph create(ModelSpec spec, Augmentation augmentation, SessionSettings settings) {
    return TrainingGraph.create(new ModelSpec(spec.model(), spec.image(), Preprocessing.NONE, augmentation, spec.inputRange()),
        RmsPropConfig.KERAS_DEFAULTS, SEED, settings);
  }

  private static double medianMillis(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    return median / 1e6;
  }
}
