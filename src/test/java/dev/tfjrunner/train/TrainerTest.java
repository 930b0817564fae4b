package dev.tfjrunner.train;

import dev.tfjrunner.testing.TestModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.callbacks.Callback;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.data.Splits;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

  @Test
  void fitKeepsTheLastPartialBatchAndLogsLikeKeras() {
    LabeledImages all = TestData.mnist().train().first(1100);
    Splits splits = Splits.validationSplit(all, 100.0 / 1100, 1); // 1000 train: 7 full batches of 128 + 104
    List<Integer> batchSizes = new ArrayList<>();
    List<Map<String, Double>> epochLogs = new ArrayList<>();
    Callback recorder = new Callback() {
      @Override
      public void onBatchEnd(int batch, Map<String, Double> logs) {
        batchSizes.add(batch);
      }

      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochLogs.add(Map.copyOf(logs));
      }
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TrainingGraph model = TrainingGraph.create(TestModels.spec("mlp"), RmsPropConfig.KERAS_DEFAULTS, 1,
        SessionSettings.defaults())) {
      History.Record history = new Trainer(model, ModelSaver.CHECKPOINT_ONLY, new Console(new PrintStream(out), false))
          .fit(splits, FitConfig.of(2, 128, 1), List.of(recorder));
      assertEquals(16, batchSizes.size(), "8 batches per epoch, the partial one included");
      assertEquals(2, history.epochs().size());
      assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr"),
          List.copyOf(history.epochs().get(0).logs().keySet()));
      assertEquals(epochLogs.get(1), history.epochs().get(1).logs());
      assertEquals("completed all epochs", history.stopReason());
    }
    String printed = out.toString();
    assertTrue(printed.contains("Epoch 1/2\n"), printed);
    assertTrue(printed.matches("(?s).*8/8 \\[==============================] - \\d+s \\d+(ms|us|s)/step - loss: \\d\\.\\d{4}"
        + " - accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4} - lr: 0\\.0010\n.*"), printed);
  }

  @Test
  void nativeMemoryStaysFlatAcrossEpochs() throws IOException {
    LabeledImages all = TestData.mnist().train().first(2200);
    Splits splits = Splits.validationSplit(all, 200.0 / 2200, 1);
    long[] rss = new long[5];
    Callback sampler = new Callback() {
      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        rss[epoch] = residentSetKb();
      }
    };
    try (TrainingGraph model = TrainingGraph.create(TestModels.spec("advanced"), RmsPropConfig.KERAS_DEFAULTS, 1,
        SessionSettings.defaults())) {
      new Trainer(model, ModelSaver.CHECKPOINT_ONLY, new Console(new PrintStream(new ByteArrayOutputStream()), false))
          .fit(splits, FitConfig.of(5, 128, 1).quiet(), List.of(sampler));
    }
    long growthMb = (rss[4] - rss[0]) / 1024;
    assertTrue(growthMb < 50, "RSS grew " + growthMb + " MB from epoch 1 to epoch 5: " + java.util.Arrays.toString(rss));
  }

  private static long residentSetKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
