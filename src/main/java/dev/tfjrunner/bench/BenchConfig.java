package dev.tfjrunner.bench;

import dev.tfjrunner.train.SessionSettings;
import java.util.List;

/**
 * What {@code tfj bench} measures and how often.
 *
 * @param session TF threads; the first session of a process sizes TF's thread pools, so one bench
 *     process measures one setting
 * @param batchSizes training batch sizes of the raw step timings
 * @param warmupSteps untimed steps per batch size (the first runs build oneDNN primitives)
 * @param repeats timed steps per batch size
 * @param fitStepsPerEpoch the fit loop trains on exactly this many batches per epoch
 * @param fitEpochs the first epoch warms up; the RSS growth is measured from its end
 * @param validationImages validated after each fit epoch, as fit does
 * @param evalBatchSizes batch sizes of the evaluation timings, over {@code evalImages} images
 * @param latencyCalls batch-1 Classifier calls timed (a tenth as many warm up first)
 * @param throughputBatch images per Classifier call in the throughput timing
 */
public record BenchConfig(
    boolean quick,
    SessionSettings session,
    int matmulSize,
    int matmulRepeats,
    List<Integer> batchSizes,
    int warmupSteps,
    int repeats,
    int fitBatchSize,
    int fitStepsPerEpoch,
    int fitEpochs,
    int validationImages,
    List<Integer> evalBatchSizes,
    int evalImages,
    int latencyCalls,
    int throughputBatch,
    int throughputRepeats) {

  public BenchConfig {
    batchSizes = List.copyOf(batchSizes);
    evalBatchSizes = List.copyOf(evalBatchSizes);
    if (repeats < 1 || matmulRepeats < 1 || fitStepsPerEpoch < 1 || fitEpochs < 1 || latencyCalls < 1
        || throughputRepeats < 1 || batchSizes.stream().anyMatch(b -> b < 1)) {
      throw new IllegalArgumentException("repeats, steps, epochs and batch sizes must be >= 1");
    }
  }

  /** The full measurement: a few minutes on a 2-core machine. */
  public static BenchConfig full(SessionSettings session) {
    return new BenchConfig(false, session, 2048, 10, List.of(32, 128, 256), 5, 20,
        128, 100, 5, 1000, List.of(100, 1000, 5000), 5000, 1000, 1000, 20);
  }

  /** A smoke run for CI, well under a minute: small matrices and batches, few repeats. */
  public static BenchConfig quick(SessionSettings session) {
    return new BenchConfig(true, session, 1024, 3, List.of(16, 32), 2, 5,
        32, 10, 3, 256, List.of(256), 512, 50, 200, 3);
  }

  public BenchConfig withBatchSizes(List<Integer> sizes) {
    return new BenchConfig(quick, session, matmulSize, matmulRepeats, sizes, warmupSteps, repeats, fitBatchSize,
        fitStepsPerEpoch, fitEpochs, validationImages, evalBatchSizes, evalImages, latencyCalls, throughputBatch,
        throughputRepeats);
  }

  public BenchConfig withRepeats(int steps) {
    return new BenchConfig(quick, session, matmulSize, matmulRepeats, batchSizes, warmupSteps, steps, fitBatchSize,
        fitStepsPerEpoch, fitEpochs, validationImages, evalBatchSizes, evalImages, latencyCalls, throughputBatch,
        throughputRepeats);
  }

  public BenchConfig withFit(int batchSize, int stepsPerEpoch, int epochs) {
    return new BenchConfig(quick, session, matmulSize, matmulRepeats, batchSizes, warmupSteps, repeats, batchSize,
        stepsPerEpoch, epochs, validationImages, evalBatchSizes, evalImages, latencyCalls, throughputBatch,
        throughputRepeats);
  }

  /** Timed passes over the evaluation images per batch size. */
  public int evalRepeats() {
    return quick ? 2 : 5;
  }

  /** Training images the bench needs: the fit loop's epoch plus its validation set. */
  public int imagesNeeded() {
    return Math.max(fitBatchSize * fitStepsPerEpoch + validationImages,
        Math.max(evalImages, Math.max(throughputBatch, batchSizes.stream().mapToInt(b -> b).max().orElse(1))));
  }
}
