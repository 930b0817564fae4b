package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.ActivationLayer;
import dev.tfjrunner.model.layers.BatchNormalization;
import dev.tfjrunner.model.layers.Conv2D;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.model.layers.Pooling2D;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** A run killed after epoch 2 and resumed ends exactly where the same run without a break does. */
class ResumeTest {

  private static final double TOLERANCE = 1e-6;

  @Test
  void killedAndResumedRunEqualsStraightRun(@TempDir Path home) throws Exception {
    TrainingRun.Result straight = TinyRuns.straight();
    assertResumedRunEquals(straight, TinyRuns.config(home.resolve("tiny-data")), home);
  }

  /** BatchNormalization's moving statistics are in the resume state: a resumed run ends with the same ones. */
  @Test
  void batchNormalizationRunResumesWithItsMovingStatistics(@TempDir Path home) throws Exception {
    Path modelFile = home.resolve("tiny-bn.json");
    Files.writeString(modelFile, Sequential.of("tiny_bn", Input.of(28, 28, 1), Conv2D.of(8, 3), BatchNormalization.of(),
        ActivationLayer.of(Activation.RELU), Pooling2D.max(2), Flatten.of(), Dense.of(10).activation(Activation.SOFTMAX))
        .toKerasJson());
    RunConfig config = TinyRuns.config(home.resolve("tiny-data"), modelFile.toString());
    TrainingRun.Result straight = TrainingRun.create(config, home, TestModels.quietConsole()).execute();
    Map<String, float[]> variables = checkpointVariables(config, straight.paths());
    assertTrue(variables.containsKey("batch_normalization/moving_mean"), variables.keySet().toString());
    assertTrue(Math.abs(variables.get("batch_normalization/moving_mean")[0]) > 1e-3, "the moving mean moved");
    assertResumedRunEquals(straight, config, home);
  }

  /** A killed run with a LearningRateScheduler resumes the schedule where it was. */
  @Test
  void learningRateScheduleContinuesAfterAResume(@TempDir Path home) throws Exception {
    ObjectNode flags = Json.MAPPER.valueToTree(TinyRuns.config(home.resolve("tiny-data"), "mlp"));
    ObjectNode callbacks = (ObjectNode) flags.get("callbacks");
    callbacks.putNull("reduce_lr_on_plateau");
    callbacks.putNull("early_stopping");
    callbacks.putObject("learning_rate_scheduler").put("schedule", "exponential").put("decay_rate", 0.5);
    RunConfig config = RunConfig.resolve(null, flags);
    TrainingRun.Result straight = TrainingRun.create(config, home, TestModels.quietConsole()).execute();
    TrainingRun killed = TrainingRun.create(config, home, TinyRuns.killingAt(TinyRuns.EPOCHS));
    assertThrows(TinyRuns.Killed.class, killed::execute);
    TrainingRun.Result resumed = TrainingRun.resume(killed.paths(), TestModels.quietConsole()).execute();
    for (TrainingRun.Result run : List.of(straight, resumed)) {
      List<Double> rates = run.history().epochs().stream().map(e -> e.logs().get("lr")).toList();
      assertEquals(List.of((double) 0.001f, (double) 0.0005f, (double) 0.00025f), rates);
    }
    assertEquals(straight.test().loss(), resumed.test().loss(), TOLERANCE);
  }

  private static void assertResumedRunEquals(TrainingRun.Result straight, RunConfig config, Path home) throws Exception {
    TrainingRun killed = TrainingRun.create(config, home, TinyRuns.killingAt(TinyRuns.EPOCHS));
    assertThrows(TinyRuns.Killed.class, killed::execute);
    assertFalse(Files.exists(killed.paths().finalModel()), "the killed run never got to export");
    TrainingRun.Result resumed = TrainingRun.resume(killed.paths(), TestModels.quietConsole()).execute();

    List<History.Epoch> expected = straight.history().epochs();
    List<History.Epoch> actual = resumed.history().epochs();
    assertEquals(expected.size(), actual.size());
    for (int e = 0; e < expected.size(); e++) {
      assertEquals(expected.get(e).epoch(), actual.get(e).epoch());
      assertLogsEqual(expected.get(e).logs(), actual.get(e).logs(), "epoch " + (e + 1));
    }
    assertTrue(straight.history().stopReason().startsWith("early stopping"), straight.history().stopReason());
    assertEquals(straight.history().stopReason(), resumed.history().stopReason());
    assertEquals(Files.readAllLines(straight.paths().historyCsv()), Files.readAllLines(resumed.paths().historyCsv()),
        "CSVLogger continues the file");
    assertEquals(straight.test().loss(), resumed.test().loss(), TOLERANCE);
    assertEquals(straight.test().accuracy(), resumed.test().accuracy(), TOLERANCE);

    assertEquals(1e-4, actual.get(2).logs().get("lr"), 1e-9, "ReduceLROnPlateau cut the rate after epoch 2");
    TrainingState straightState = TrainingState.read(straight.paths().checkpoint());
    TrainingState resumedState = TrainingState.read(resumed.paths().checkpoint());
    assertEquals(straightState.reduceLrOnPlateau(), resumedState.reduceLrOnPlateau());
    assertEquals(straightState.earlyStopping(), resumedState.earlyStopping());
    assertEquals(straightState.modelCheckpoint(), resumedState.modelCheckpoint());

    Map<String, float[]> straightVariables = checkpointVariables(config, straight.paths());
    Map<String, float[]> resumedVariables = checkpointVariables(config, resumed.paths());
    assertEquals(straightVariables.keySet(), resumedVariables.keySet());
    straightVariables.forEach((name, values) ->
        assertArrayEquals(values, resumedVariables.get(name), (float) TOLERANCE, name));
  }

  private static void assertLogsEqual(Map<String, Double> expected, Map<String, Double> actual, String where) {
    assertEquals(expected.keySet(), actual.keySet(), where);
    expected.forEach((key, value) -> assertEquals(value, actual.get(key), TOLERANCE, where + " " + key));
  }

  /** Every variable of the run's last training state: weights, RMSprop slots, learning rate. */
  private static Map<String, float[]> checkpointVariables(RunConfig config, RunPaths paths) throws IOException {
    try (TrainingGraph model = TrainingGraph.create(RunModel.load(paths, config), config.optimizer(), config.seed(),
        SessionSettings.of(1, 0, false))) {
      model.restoreCheckpoint(TrainingState.variablesPrefix(paths.checkpoint()));
      List<String> names = new ArrayList<>();
      model.graph().operations().forEachRemaining(op -> {
        if (op.type().equals("VariableV2")) {
          names.add(op.name());
        }
      });
      Session.Runner runner = model.session().runner();
      names.forEach(runner::fetch);
      Map<String, float[]> values = new TreeMap<>();
      try (Result result = runner.run()) {
        for (int i = 0; i < names.size(); i++) {
          TFloat32 t = (TFloat32) result.get(i);
          float[] v = new float[(int) t.size()];
          t.copyTo(DataBuffers.of(v, false, false));
          values.put(names.get(i), v);
        }
      }
      return values;
    }
  }
}
