package dev.tfjrunner.run;

import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.report.EvaluationResults;
import dev.tfjrunner.report.ReportWriter;
import dev.tfjrunner.report.html.ComparisonPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The reference study's central experiment: the same architecture trained on different data sets
 * (digits and fashion), side by side, read from the runs' saved history and report.
 */
public record Comparison(List<Row> rows, String createdAt) {

  /** The study's reported test accuracy, for the table's reference column. */
  private static final Map<String, String> STUDY_ACCURACY = Map.of("mnist", "99.4%", "fashion", "91.2-91.5%");

  /** How many confused class pairs a row lists. */
  private static final int CONFUSED_PAIRS = 3;

  /**
   * One run's results.
   *
   * @param bestEpoch 1-based epoch of the best val_accuracy
   * @param mostConfused the largest confusions, as {@code true -> predicted (count)}
   */
  public record Row(String dataset, String model, String runId, int epochsRun, double bestValAccuracy, int bestEpoch,
      double testAccuracy, double testLoss, List<String> mostConfused, double trainingSeconds, String stopReason) {}

  /** Reads finished runs (each needs run.json, history.json and report/report.json). */
  public static Comparison of(List<RunPaths> runs) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (RunPaths run : runs) {
      rows.add(row(run));
    }
    return new Comparison(List.copyOf(rows), Instant.now().toString());
  }

  private static Row row(RunPaths run) throws IOException {
    Path reportJson = run.report().resolve(ReportWriter.REPORT_JSON);
    if (!Files.isRegularFile(run.history()) || !Files.isRegularFile(reportJson)) {
      throw new IOException(run.runDir() + ": not a finished run (history.json or report/report.json missing)");
    }
    RunConfig config = Json.read(run.runConfig(), RunConfig.class);
    History.Record history = Json.read(run.history(), History.Record.class);
    EvaluationResults results = Json.read(reportJson, EvaluationResults.class);
    History.Epoch best = history.epochs().stream()
        .max(Comparator.comparingDouble(e -> e.logs().getOrDefault("val_accuracy", Double.NEGATIVE_INFINITY)))
        .orElseThrow(() -> new IOException(run.history() + ": no epochs"));
    List<String> confused = results.mostConfusedPairs().stream().limit(CONFUSED_PAIRS)
        .map(p -> name(results, p.trueClass()) + " -> " + name(results, p.predictedClass()) + " (" + p.count() + ")")
        .toList();
    return new Row(config.data().displayName(), config.model(), run.runId(), history.epochs().size(),
        best.logs().get("val_accuracy"), best.epoch() + 1, results.metrics().accuracy(), results.metrics().loss(),
        confused, history.epochs().stream().mapToDouble(History.Epoch::seconds).sum(), history.stopReason());
  }

  private static String name(EvaluationResults results, int classId) {
    return results.classNames().get(classId);
  }

  /** An aligned text table for the terminal. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    String header = String.format(Locale.ROOT, "%-9s %-9s %6s %13s %9s %9s %9s  %s%n",
        "dataset", "model", "epochs", "best val_acc", "test_acc", "test_loss", "time", "most confused (true -> predicted)");
    sb.append(header).append("-".repeat(header.length() - 1)).append('\n');
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-9s %-9s %6d %7.4f (e%-2d) %9.4f %9.4f %8.0fs  %s%n",
          r.dataset(), r.model(), r.epochsRun(), r.bestValAccuracy(), r.bestEpoch(), r.testAccuracy(), r.testLoss(),
          r.trainingSeconds(), String.join(", ", r.mostConfused())));
    }
    return sb.toString();
  }

  /** The same as a Markdown table, with the study's figures beside ours. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| data set | model | epochs run | best val_accuracy (epoch) | test accuracy | study | test loss "
        + "| most confused (true → predicted) | training time | run |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f (%d) | **%.2f%%** | %s | %.4f | %s | %.0f s | `%s` |%n",
          r.dataset(), r.model(), r.epochsRun(), r.bestValAccuracy(), r.bestEpoch(), 100 * r.testAccuracy(),
          STUDY_ACCURACY.getOrDefault(r.dataset(), "–"), r.testLoss(), String.join(", ", r.mostConfused()),
          r.trainingSeconds(), r.runId()));
    }
    return sb.toString();
  }

  /**
   * The table as an HTML page whose rows link to the runs' pages; {@code directory} is where the
   * page goes, each run's page is linked relative to it.
   */
  private ComparisonPage page(Path directory, Map<String, Path> runPages) {
    List<ComparisonPage.Row> pageRows = rows.stream().map(r -> new ComparisonPage.Row(List.of(r.dataset(), r.model(),
        Integer.toString(r.epochsRun()), String.format(Locale.ROOT, "%.4f (%d)", r.bestValAccuracy(), r.bestEpoch()),
        String.format(Locale.ROOT, "%.4f", r.testAccuracy()), STUDY_ACCURACY.getOrDefault(r.dataset(), "–"),
        String.format(Locale.ROOT, "%.4f", r.testLoss()), String.join(", ", r.mostConfused()),
        String.format(Locale.ROOT, "%.0f s", r.trainingSeconds()), r.stopReason(), r.runId()),
        directory.relativize(runPages.get(r.runId())).toString().replace('\\', '/'))).toList();
    return new ComparisonPage("Comparison of " + rows.size() + " runs (" + createdAt + ")",
        List.of("data set", "model", "epochs run", "best val_accuracy (epoch)", "test accuracy", "study", "test loss",
            "most confused (true → predicted)", "training time", "stopped", "run"),
        List.of("epochs run", "best val_accuracy (epoch)", "test accuracy", "test loss", "training time"), pageRows);
  }

  /**
   * Writes {@code <name>.json}, {@code <name>.md} and {@code <name>.html} (linking to the pages of
   * {@code runs}) into {@code directory}; returns them.
   */
  public List<Path> write(Path directory, String name, List<RunPaths> runs) throws IOException {
    Path json = directory.resolve(name + ".json");
    Path md = directory.resolve(name + ".md");
    Path html = directory.resolve(name + ".html");
    Json.write(json, this);
    AtomicOutput.writeFile(md, temporary -> Files.writeString(temporary, markdown(), StandardCharsets.UTF_8));
    page(directory, runs.stream().collect(Collectors.toMap(RunPaths::runId, RunPaths::reportPage, (a, b) -> a)))
        .write(html);
    return List.of(json, md, html);
  }
}
