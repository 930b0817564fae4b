package dev.tfjrunner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.train.Batch;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepTraceTest {

  private static StepTrace traceOneStep(String builtin, boolean[] weightsChanged) {
    try (TrainingGraph model = TrainingGraph.create(TestModels.spec(builtin), RmsPropConfig.KERAS_DEFAULTS, 1,
        SessionSettings.defaults());
        Batch batch = Batch.of(TestData.mnist().train(), 0, 16)) {
      float[][] before = model.readWeights();
      StepTrace trace = StepTrace.of(model.traceStep(batch, 0));
      weightsChanged[0] = !Arrays.deepEquals(before, model.readWeights());
      return trace;
    }
  }

  private static int count(StepTrace trace, String typePart, String without) {
    return trace.byType().stream().filter(t -> t.type().contains(typePart) && !t.type().contains(without))
        .mapToInt(StepTrace.OpTypeTotal::count).sum();
  }

  @Test
  void tracesAWholeTrainingStepAsAChromeTrace(@TempDir Path dir) throws Exception {
    boolean[] changed = new boolean[1];
    StepTrace trace = traceOneStep("advanced", changed);
    assertTrue(changed[0], "the traced run is a real step: it updates the weights");
    assertTrue(trace.ops().size() > 100, "every op of the step is in the trace: " + trace.ops().size());
    assertEquals(4, count(trace, "Conv2D", "Backprop"), "four convolutions forward");
    assertTrue(trace.byType().stream().anyMatch(t -> t.type().equals("AssignSub")), "the weight updates ran");
    long total = trace.byType().stream().mapToLong(StepTrace.OpTypeTotal::micros).sum();
    assertEquals(trace.ops().stream().mapToLong(StepTrace.OpRun::micros).sum(), total);
    assertTrue(trace.spanMicros() > 0 && trace.spanMicros() <= total);

    Path file = dir.resolve("step.json");
    trace.writeChromeTrace(file);
    JsonNode events = Json.MAPPER.readTree(file.toFile()).get("traceEvents");
    long complete = 0;
    for (JsonNode e : events) {
      if (e.get("ph").asText().equals("X")) {
        complete++;
        assertTrue(e.get("ts").asLong() >= 0 && e.get("dur").asLong() >= 0, e.toString());
        assertFalse(e.get("args").get("name").asText().isEmpty());
      }
    }
    assertEquals(trace.ops().size(), complete, "one complete event per op");
  }

  /** What the training graph is meant to spend, and not: the op types the profile found wasteful. */
  @Test
  void trainingStepRunsNoWastedKernels() {
    boolean[] changed = new boolean[1];
    StepTrace advanced = traceOneStep("advanced", changed);
    assertEquals(0, count(advanced, "MaxPoolGradV2", "-"), "MaxPoolV2's gradient has no oneDNN kernel");
    assertEquals(2, count(advanced, "MaxPoolGrad", "-"), "two max pooling gradients");

    StepTrace bnVgg = traceOneStep("bn-vgg", changed);
    List<StepTrace.OpTypeTotal> types = bnVgg.byType();
    int batchNorms = 5;
    assertEquals(batchNorms, count(bnVgg, "FusedBatchNorm", "Grad"), "only the batch-statistics kernel runs: " + types);
    assertEquals(batchNorms, count(bnVgg, "FusedBatchNormGrad", "-"), "and only its gradient: " + types);
    assertEquals(0, count(bnVgg, "SelectV2", "-"), "no elementwise select of the two kernels' outputs: " + types);
  }
}
