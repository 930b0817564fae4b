package dev.tfjrunner.train;

import dev.tfjrunner.testing.TestModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.callbacks.Callback;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.callbacks.CsvLogger;
import dev.tfjrunner.callbacks.EarlyStopping;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.callbacks.ModelCheckpoint;
import dev.tfjrunner.callbacks.Monitor;
import dev.tfjrunner.callbacks.ReduceLROnPlateau;
import dev.tfjrunner.callbacks.TerminateOnNaN;
import dev.tfjrunner.callbacks.TrainerHandle;
import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.Splits;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.report.ClassificationMetrics;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real training with every callback on: the learning rate, the best model and the stop all happen for real. */
class CallbacksIntegrationTest {

  @TempDir
  Path dir;

  /** Reads the rate from the graph and how far the first batch of each epoch moves the output layer. */
  private static final class StepProbe implements Callback {
    final List<Double> graphLr = new ArrayList<>();
    final List<Double> firstStepSize = new ArrayList<>();
    private TrainerHandle trainer;
    private float[] before;

    @Override
    public void setTrainer(TrainerHandle trainer) {
      this.trainer = trainer;
    }

    @Override
    public void onEpochBegin(int epoch) {
      graphLr.add(trainer.learningRate());
    }

    @Override
    public void onBatchBegin(int batch) {
      if (batch == 0) {
        before = lastKernel();
      }
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
      if (batch == 0) {
        float[] after = lastKernel();
        double sum = 0;
        for (int i = 0; i < after.length; i++) {
          sum += Math.abs(after[i] - before[i]);
        }
        firstStepSize.add(sum / after.length);
      }
    }

    private float[] lastKernel() {
      float[][] weights = trainer.readWeights();
      return weights[weights.length - 2];
    }
  }

  @Test
  void reduceLrCheckpointAndEarlyStoppingWorkTogether() throws Exception {
    Splits splits = Splits.validationSplit(TestData.mnist().train().first(2200), 200.0 / 2200, 3);
    Console console = new Console(new PrintStream(new ByteArrayOutputStream()), false);
    Path best = dir.resolve("best");
    // min_delta 0.5 on accuracy: nothing after the first epoch counts as progress, so the rate drops
    // after epoch 2 and training stops after epoch 4, while the checkpoint (no min_delta) keeps the best.
    ReduceLROnPlateau reduceLr = new ReduceLROnPlateau(
        new ReduceLROnPlateau.Config("val_accuracy", 0.1, 1, Monitor.Mode.AUTO, 0.5, 0, 1e-5, true), console);
    EarlyStopping earlyStopping = new EarlyStopping(
        new EarlyStopping.Config("val_accuracy", 0.5, 3, Monitor.Mode.AUTO, null, false, 0, true), console);
    ModelCheckpoint checkpoint = new ModelCheckpoint(
        new ModelCheckpoint.Config(best.toString(), "val_accuracy", Monitor.Mode.AUTO, true, false, null, true), console);
    StepProbe probe = new StepProbe();
    ModelSpec spec = TestModels.spec("mlp");
    History.Record history;
    try (TrainingGraph model = TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, 3, SessionSettings.defaults());
        ServingExporter exporter = new ServingExporter(spec)) {
      ModelSaver saver = (m, directory, weightsOnly, logs) ->
          exporter.export(m, directory, BuiltinDataset.MNIST.classNames(), null);
      history = new Trainer(model, saver, console).fit(splits, FitConfig.of(10, 64, 3).quiet(),
          List.of(new TerminateOnNaN(console), reduceLr, earlyStopping, checkpoint,
              new CsvLogger(dir.resolve("history.csv"), false), probe));
    }

    assertEquals(4, history.epochs().size(), "early stopping ended the run after epoch 4");
    assertTrue(history.stopReason().startsWith("early stopping"), history.stopReason());
    assertEquals(5, Files.readAllLines(dir.resolve("history.csv")).size());

    // The reduction after epoch 2 is in the graph from epoch 3 on, and steps got ~10x shorter.
    assertEquals(List.of(0.001, 0.001, 1e-4, 1e-5), probe.graphLr.stream().map(v -> (double) (float) (double) v).toList()
        .stream().map(v -> Math.round(v * 1e9) / 1e9).toList());
    assertEquals(1e-4, history.epochs().get(2).logs().get("lr"), 1e-9, "logs show the rate used in the epoch");
    double ratio = probe.firstStepSize.get(2) / probe.firstStepSize.get(1);
    assertTrue(ratio < 0.25 && ratio > 0.02, "step size ratio after the reduction: " + ratio);

    // The best checkpoint is a loadable SavedModel that reproduces the best epoch's val_accuracy.
    History.Epoch bestEpoch = history.epochs().stream()
        .max(Comparator.comparingDouble(e -> e.logs().get("val_accuracy"))).orElseThrow();
    assertEquals(checkpoint.savedEpochs().get(checkpoint.savedEpochs().size() - 1), bestEpoch.epoch());
    try (Classifier classifier = Classifier.load(best)) {
      ClassificationMetrics metrics = ClassificationMetrics.compute(splits.validation().labels(),
          classifier.predict(splits.validation().pixels()), 10);
      assertEquals(bestEpoch.logs().get("val_accuracy"), metrics.accuracy(), 1e-6);
      assertEquals(bestEpoch.logs().get("val_loss"), metrics.loss(), 1e-4);
    }
  }
}
