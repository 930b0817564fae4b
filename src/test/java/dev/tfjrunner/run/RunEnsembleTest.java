package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.report.ClassificationMetrics;
import dev.tfjrunner.report.EvaluationReport;
import dev.tfjrunner.report.ReportWriter;
import dev.tfjrunner.report.html.RunPage;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two finished runs (seeds 1 and 2) become one ensemble SavedModel whose accuracy is the one reported. */
class RunEnsembleTest {

  private static RunPaths run(Path home, String model, long seed) throws Exception {
    ObjectNode flags = Json.MAPPER.valueToTree(TinyRuns.config(home.resolve("tiny-data"), model));
    flags.put("seed", seed).put("epochs", 1);
    return TrainingRun.create(RunConfig.resolve(null, flags), home, TestModels.quietConsole()).execute().paths();
  }

  @Test
  void runsBecomeOneServingModel(@TempDir Path home) throws Exception {
    List<RunPaths> runs = List.of(run(home, "mlp", 1), run(home, "simple", 2));
    Path directory = home.resolve("savedmodels").resolve("ensemble");
    RunEnsemble.Result result = RunEnsemble.build(runs, List.of(), directory, TestModels.quietConsole());

    Dataset data = Json.read(runs.get(0).runConfig(), RunConfig.class).data().load(home);
    try (Classifier classifier = Classifier.load(directory)) {
      double served = ClassificationMetrics.compute(data.test().labels(), classifier.predict(data.test().pixels()), 10)
          .accuracy();
      assertEquals(served, result.testAccuracy(), 1e-9);
    }
    assertEquals(List.of("mlp", "simple"), result.members().stream().map(RunEnsemble.MemberInfo::model).toList());
    JsonNode metadata = Json.MAPPER.readTree(directory.resolve(ServingExporter.ASSETS_EXTRA)
        .resolve(ServingExporter.METADATA_FILE).toFile());
    assertEquals(2, metadata.at("/training/members").size());
    assertEquals(result.testAccuracy(), metadata.at("/final_metrics/test_accuracy").asDouble(), 1e-12);
    assertTrue(result.members().stream().allMatch(m -> m.testAccuracy() > 0.1));

    // tfj evaluate on the ensemble: the members' accuracies through its graph, beside the ensemble's.
    assertEquals(Optional.of(directory), RunEnsemble.find(home, "ensemble"));
    assertEquals(Optional.empty(), RunEnsemble.find(home, runs.get(0).runId()));
    RunEnsemble.Result evaluated = RunEnsemble.evaluate(directory, home, TestModels.quietConsole());
    assertEquals(result.testAccuracy(), evaluated.testAccuracy(), 1e-9);
    for (int m = 0; m < 2; m++) {
      assertEquals(result.members().get(m).run(), evaluated.members().get(m).run());
      assertEquals(result.members().get(m).testAccuracy(), evaluated.members().get(m).testAccuracy(),
          1.0 / data.test().count() + 1e-9, "member " + (m + 1) + " (one test image of rounding)");
    }

    // tfj report on the ensemble: the evaluation files and a page listing the members.
    EvaluationReport report = RunEnsemble.report(directory, home, 42, TestModels.quietConsole());
    assertEquals(result.testAccuracy(), report.results().metrics().accuracy(), 1e-9);
    assertTrue(Files.isRegularFile(directory.resolve("report").resolve(ReportWriter.REPORT_JSON)));
    String page = Files.readString(directory.resolve("report").resolve(RunPage.FILE_NAME));
    assertTrue(page.contains(runs.get(0).runId()) && page.contains(runs.get(1).runId()), "members on the page");
    try (Classifier reloaded = Classifier.load(directory)) {
      assertEquals(2, reloaded.members(), "a report folder beside the SavedModel leaves it loadable");
    }

    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
        () -> RunEnsemble.build(runs, List.of(), directory, TestModels.quietConsole()));
    assertTrue(exists.getMessage().endsWith("already exists (choose another --to)"), exists.getMessage());
    Path other = home.resolve("other");
    IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
        () -> RunEnsemble.build(runs, List.of(1.0), other, TestModels.quietConsole()));
    assertEquals("--weights gives 1 weights for 2 runs", weights.getMessage());
    assertFalse(Files.exists(other));
  }
}
