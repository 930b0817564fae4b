package dev.tfjrunner.train;

import dev.tfjrunner.callbacks.Callback;
import dev.tfjrunner.callbacks.CallbackList;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.callbacks.ProgbarLogger;
import dev.tfjrunner.callbacks.TrainerHandle;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.data.Splits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keras's {@code model.fit} as a plain loop that notifies callbacks: shuffle, train batch by batch,
 * validate, repeat. The callbacks run in the given order, then History, then the progress bar.
 */
public final class Trainer {

  private final TrainingGraph model;
  private final ModelSaver saver;
  private final Console console;

  public Trainer(TrainingGraph model, ModelSaver saver, Console console) {
    this.model = model;
    this.saver = saver;
    this.console = console;
  }

  /**
   * Trains on {@code data.train()}, validating on {@code data.validation()} after each epoch, from
   * {@code config.initialEpoch()} to {@code config.epochs()} unless a callback stops it. Like Keras,
   * a History is appended to the callbacks unless they already hold one (a resumed run passes its
   * own, continuing the old record).
   */
  public History.Record fit(Splits data, FitConfig config, List<? extends Callback> callbacks) {
    LabeledImages train = data.train();
    int steps = BatchFeeder.batchesPerEpoch(train.count(), config.batchSize());
    List<Callback> all = new ArrayList<>(callbacks);
    History history = all.stream().filter(History.class::isInstance).map(History.class::cast).findFirst()
        .orElseGet(() -> {
          History added = new History();
          all.add(added);
          return added;
        });
    if (config.verbose()) {
      all.add(new ProgbarLogger(console));
    }
    CallbackList list = new CallbackList(all);
    Handle handle = new Handle(config.epochs(), steps);
    list.setTrainer(handle);

    ExecutorService prefetcher = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "batch-prefetch");
      t.setDaemon(true);
      return t;
    });
    Map<String, Double> logs = new LinkedHashMap<>();
    try {
      list.onTrainBegin();
      for (int epoch = config.initialEpoch(); epoch < config.epochs() && !handle.stopRequested; epoch++) {
        list.onEpochBegin(epoch);
        double learningRate = model.learningRate();
        logs = runEpoch(list, handle, train, epochOrder(train.count(), config.seed(), epoch), config.batchSize(),
            (long) epoch * steps, prefetcher);
        Metrics validation = model.evaluate(data.validation(), config.evalBatchSize());
        logs.put("val_loss", validation.loss());
        logs.put("val_accuracy", validation.accuracy());
        logs.put("lr", learningRate);
        list.onEpochEnd(epoch, logs);
      }
      if (handle.stopReason != null) {
        history.setStopReason(handle.stopReason);
      }
      list.onTrainEnd(logs);
    } finally {
      prefetcher.shutdownNow();
    }
    return history.record();
  }

  /** Trains one epoch; returns the epoch's mean loss and accuracy (weighted by batch size). */
  private Map<String, Double> runEpoch(CallbackList list, Handle handle, LabeledImages train, int[] order,
      int batchSize, long firstStep, ExecutorService prefetcher) {
    double lossSum = 0;
    double accuracySum = 0;
    long seen = 0;
    Map<String, Double> logs = new LinkedHashMap<>();
    try (BatchFeeder feeder = new BatchFeeder(train, order, batchSize, prefetcher)) {
      for (int b = 0; b < handle.steps && !handle.stopRequested; b++) {
        list.onBatchBegin(b);
        Metrics step;
        int size;
        try (Batch batch = feeder.next()) {
          step = model.trainStep(batch, firstStep + b);
          size = batch.size();
        }
        lossSum += step.loss() * size;
        accuracySum += step.accuracy() * size;
        seen += size;
        logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / seen);
        logs.put("accuracy", accuracySum / seen);
        list.onBatchEnd(b, logs);
      }
    }
    return logs;
  }

  /** The shuffle of one epoch, a function of (seed, epoch) alone so a resumed run repeats it. */
  static int[] epochOrder(int count, long seed, int epoch) {
    return Splits.permutation(count, new Random(seed * 1_000_003L + epoch));
  }

  /** The handle callbacks get. */
  private final class Handle implements TrainerHandle {
    private final int epochs;
    private final int steps;
    private volatile boolean stopRequested;
    private String stopReason;

    Handle(int epochs, int steps) {
      this.epochs = epochs;
      this.steps = steps;
    }

    @Override
    public int epochs() {
      return epochs;
    }

    @Override
    public int stepsPerEpoch() {
      return steps;
    }

    @Override
    public double learningRate() {
      return model.learningRate();
    }

    @Override
    public void setLearningRate(double learningRate) {
      model.setLearningRate(learningRate);
    }

    @Override
    public void stopTraining(String reason) {
      stopRequested = true;
      if (stopReason == null) {
        stopReason = reason;
      }
    }

    @Override
    public boolean isStopRequested() {
      return stopRequested;
    }

    @Override
    public List<String> weightNames() {
      return model.network().weights().stream().map(w -> w.name()).toList();
    }

    @Override
    public List<long[]> weightShapes() {
      return model.network().weights().stream().map(w -> w.shape().asArray()).toList();
    }

    @Override
    public float[][] readWeights() {
      return model.readWeights();
    }

    @Override
    public void writeWeights(float[][] weights) {
      model.writeWeights(weights);
    }

    @Override
    public void saveModel(Path directory, boolean weightsOnly, Map<String, Double> logs) throws IOException {
      saver.save(model, directory, weightsOnly, logs);
    }
  }
}
