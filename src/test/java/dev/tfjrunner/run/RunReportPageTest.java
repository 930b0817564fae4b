package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.export.ModelMetadata;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.report.ClassScores;
import dev.tfjrunner.report.EvaluationResults;
import dev.tfjrunner.report.ReportWriter;
import dev.tfjrunner.report.html.RunPage;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML page of a real (tiny) training run, read back with an HTML parser and checked against report.json. */
class RunReportPageTest {

  private static Document page(RunPaths paths) throws IOException {
    return Jsoup.parse(paths.reportPage().toFile(), "UTF-8");
  }

  private static String f4(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** The text of each cell of each body row of the first table under {@code selector}. */
  private static List<List<String>> rows(Document page, String selector) {
    Element table = page.selectFirst(selector + " table");
    assertNotNull(table, selector + " has a table");
    List<List<String>> rows = new ArrayList<>();
    for (Element row : table.select("tbody > tr")) {
      rows.add(row.select("td").eachText());
    }
    return rows;
  }

  @Test
  void everySectionIsThereInOrderAndEveryImageIsAPngBesideThePage() throws IOException {
    RunPaths paths = TinyRuns.straight().paths();
    Document page = page(paths);

    assertEquals(RunPage.SECTIONS, page.select("body > section").eachAttr("id"));
    assertEquals(List.of(ReportWriter.LOSS_PNG, ReportWriter.ACCURACY_PNG, ReportWriter.LR_PNG,
        ReportWriter.CONFUSION_MATRIX_PNG, ReportWriter.PREDICTIONS_PNG, ReportWriter.MOST_CONFIDENT_ERRORS_PNG),
        page.select("img").eachAttr("src"));
    for (String src : page.select("img").eachAttr("src")) {
      assertNotNull(ImageIO.read(paths.report().resolve(src).toFile()), src + " is a readable image");
    }
    assertTrue(page.select("script, link[rel=stylesheet]").isEmpty(), "self-contained: no scripts, no external style");
    for (String section : List.of("#configuration", "#curves", "#confusion-matrix", "#predictions", "#errors")) {
      assertTrue(page.selectFirst(section + " h2").hasText(), section);
    }
  }

  @Test
  void tablesHoldTheNumbersOfReportJsonAndHistoryJson() throws IOException {
    TrainingRun.Result run = TinyRuns.straight();
    RunPaths paths = run.paths();
    Document page = page(paths);
    EvaluationResults results = Json.read(paths.report().resolve(ReportWriter.REPORT_JSON), EvaluationResults.class);
    History.Record history = Json.read(paths.history(), History.Record.class);

    assertEquals(List.of(List.of("test_loss", f4(results.metrics().loss())),
        List.of("test_accuracy", f4(results.metrics().accuracy())),
        List.of("test images", Integer.toString(results.metrics().confusionMatrix().total()))),
        rows(page, "#test-metrics"));
    assertEquals(f4(run.test().accuracy()), f4(results.metrics().accuracy()));

    List<List<String>> perClass = rows(page, "#per-class");
    int classes = results.classNames().size();
    assertEquals(classes + 3, perClass.size());
    for (int c = 0; c < classes; c++) {
      ClassScores s = results.metrics().perClass().get(c);
      assertEquals(List.of(results.classNames().get(c), f4(s.precision()), f4(s.recall()), f4(s.f1()),
          Integer.toString(s.support())), perClass.get(c));
    }
    ClassScores macro = results.metrics().macroAverage();
    assertEquals(List.of("macro avg", f4(macro.precision()), f4(macro.recall()), f4(macro.f1()),
        Integer.toString(macro.support())), perClass.get(classes + 1));

    List<List<String>> epochs = rows(page, "#history");
    List<String> header = page.select("#history thead th").eachText();
    assertEquals(history.epochs().size(), epochs.size());
    for (int i = 0; i < epochs.size(); i++) {
      History.Epoch e = history.epochs().get(i);
      assertEquals(Integer.toString(e.epoch() + 1), epochs.get(i).get(0));
      for (String key : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
        assertEquals(f4(e.logs().get(key)), epochs.get(i).get(header.indexOf(key)), key);
      }
    }
    // The highlighted row is the best val_accuracy epoch (TinyRuns checkpoints on val_accuracy).
    History.Epoch best = history.epochs().stream()
        .max(Comparator.comparingDouble(e -> e.logs().get("val_accuracy"))).orElseThrow();
    assertEquals(List.of(Integer.toString(best.epoch() + 1)),
        page.select("#history tr.best").stream().map(r -> r.child(0).text()).toList());
    // TinyRuns drops the rate after epochs 2 and 3: the first epochs at the lower rates are marked.
    assertEquals(results.lrReductions().size(), page.select("#history tr.lr-reduced").size());

    assertEquals(results.mostConfusedPairs().size(), rows(page, "#confusion-matrix").size());
    assertEquals(results.mostConfidentErrors().size(), rows(page, "#errors").size());
    assertEquals(Integer.toString(results.mostConfidentErrors().get(0).index()), rows(page, "#errors").get(0).get(0));
    assertTrue(page.selectFirst("#stop-reason p").text().contains(history.stopReason()));
    String outputs = page.selectFirst("#outputs").text();
    assertTrue(outputs.contains(paths.finalModel().toString()) && outputs.contains(paths.tensorboard().toString()),
        outputs);
    assertTrue(page.selectFirst("#configuration").text().contains("887,530"), "model summary total");
  }

  @Test
  void comparisonPageLinksEachRowToItsRunPage(@TempDir Path dir) throws IOException {
    RunPaths paths = TinyRuns.straight().paths();
    List<Path> files = Comparison.of(List.of(paths)).write(dir, "compare-test", List.of(paths));

    Document page = Jsoup.parse(files.get(2).toFile(), "UTF-8");
    List<Element> links = page.select("#comparison tbody a");
    assertEquals(1, links.size());
    assertEquals(paths.reportPage(), dir.resolve(links.get(0).attr("href")).normalize());
    assertTrue(page.selectFirst("#comparison tbody tr").text().contains(paths.runId()));
  }

  @Test
  void checkpointOnValLossPutsTheBestValLossAndItsEpochInModelJson() throws IOException {
    Path home = TestData.sharedTempDirectory("tfj-val-loss-run-");
    JsonNode changes = Json.MAPPER.readTree(
        "{\"epochs\": 3, \"augmentation\": null, \"callbacks\": {\"model_checkpoint\": {\"monitor\": \"val_loss\"},"
            + " \"early_stopping\": null, \"reduce_lr_on_plateau\": null, \"tensorboard\": null}}");
    RunConfig config = RunConfig.resolve(Json.MAPPER.valueToTree(TinyRuns.config(home.resolve("tiny-data"))), changes);
    TrainingRun.Result run = TrainingRun.create(config, home, TestModels.quietConsole()).execute();

    History.Epoch lowest = run.history().epochs().stream()
        .min(Comparator.comparingDouble(e -> e.logs().get("val_loss"))).orElseThrow();
    for (Path model : List.of(run.paths().finalModel(), run.paths().bestModel())) {
      ModelMetadata metadata = Json.read(
          model.resolve(ServingExporter.ASSETS_EXTRA).resolve(ServingExporter.METADATA_FILE), ModelMetadata.class);
      if (model.equals(run.paths().finalModel())) {
        assertEquals(lowest.epoch() + 1.0, metadata.bestMetrics().get("epoch"), model.toString());
      }
      assertEquals(lowest.logs().get("val_loss"), metadata.bestMetrics().get("val_loss"), model.toString());
    }
    assertTrue(page(run.paths()).selectFirst("#stop-reason").text()
        .contains("best val_loss " + String.format(Locale.ROOT, "%.5f", lowest.logs().get("val_loss"))));
  }

  @Test
  void bestMetricsFollowTheCheckpointMonitorAndMode() throws IOException {
    // val_accuracy peaks at epoch 2, val_loss is lowest at epoch 3.
    History.Record history = new History.Record(List.of(
        new History.Epoch(0, 1, Map.of("val_loss", 0.50, "val_accuracy", 0.80)),
        new History.Epoch(1, 1, Map.of("val_loss", 0.40, "val_accuracy", 0.90)),
        new History.Epoch(2, 1, Map.of("val_loss", 0.30, "val_accuracy", 0.85))), "completed all epochs");
    RunConfig defaults = RunConfig.defaults("mnist");

    assertEquals(Map.of("val_loss", 0.40, "val_accuracy", 0.90, "epoch", 2.0), TrainingRun.bestLogs(history, defaults));
    assertEquals(3.0, TrainingRun.bestLogs(history, withCheckpoint("{\"monitor\": \"val_loss\"}")).get("epoch"));
    // mode max on a loss: the highest val_loss, epoch 1.
    assertEquals(1.0, TrainingRun.bestLogs(history,
        withCheckpoint("{\"monitor\": \"val_loss\", \"mode\": \"MAX\"}")).get("epoch"));
    // Without a checkpoint the study's monitor, val_accuracy.
    assertEquals(2.0, TrainingRun.bestLogs(history, RunConfig.resolve(null,
        Json.MAPPER.readTree("{\"callbacks\": {\"model_checkpoint\": null}}"))).get("epoch"));
  }

  private static RunConfig withCheckpoint(String checkpoint) throws IOException {
    return RunConfig.resolve(null, Json.MAPPER.readTree("{\"callbacks\": {\"model_checkpoint\": " + checkpoint + "}}"));
  }
}
