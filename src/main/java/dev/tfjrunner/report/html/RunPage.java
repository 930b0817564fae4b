package dev.tfjrunner.report.html;

import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.callbacks.PythonFormat;
import dev.tfjrunner.report.BestEpoch;
import dev.tfjrunner.report.ClassScores;
import dev.tfjrunner.report.ClassificationMetrics;
import dev.tfjrunner.report.ConfusedPair;
import dev.tfjrunner.report.EvaluationResults;
import dev.tfjrunner.report.LrReduction;
import dev.tfjrunner.report.Prediction;
import dev.tfjrunner.report.ReportWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A run's report as one HTML page, {@value #FILE_NAME} in the report folder beside the PNGs that
 * {@link ReportWriter} writes (linked relatively, so the folder can be moved or mailed): what a
 * notebook shows after {@code model.fit} and {@code model.evaluate}.
 *
 * @param heading e.g. "mnist-advanced-20261124-193000: advanced on mnist"
 * @param configuration the run's settings, one table each
 * @param modelSummary the Keras-style layer table, its last row the total
 * @param best the epoch the run's checkpoint monitor rates best, or null
 * @param outputs where the run's SavedModels, logs and graphs are
 */
public record RunPage(String heading, List<Settings> configuration, Table modelSummary, EvaluationResults results,
    History.Record history, BestEpoch best, List<Settings.Entry> outputs) {

  public static final String FILE_NAME = "index.html";
  /** The ids of the page's sections, in page order. */
  public static final List<String> SECTIONS = List.of("configuration", "curves", "history", "test-metrics",
      "per-class", "confusion-matrix", "predictions", "errors", "stop-reason", "outputs");
  static final String DIGITS = "%.4f";

  /** A titled list of settings. */
  public record Settings(String title, List<Entry> entries) {
    public record Entry(String key, String value) {}
  }

  public record Table(List<String> header, List<List<String>> rows) {}

  public void write(Path file) throws IOException {
    Html.write(render(), file);
  }

  public Document render() {
    Document page = Html.page(heading);
    ClassificationMetrics metrics = results.metrics();
    page.body().appendElement("p").text(String.format(Locale.ROOT,
        "Test accuracy " + DIGITS + ", test loss " + DIGITS + " on %,d images; %d epochs trained; %s.",
        metrics.accuracy(), metrics.loss(), metrics.confusionMatrix().total(), history.epochs().size(),
        history.stopReason()));

    Element configurationSection = Html.section(page, "configuration", "Configuration");
    Element settings = configurationSection.appendElement("div").addClass("settings");
    for (Settings s : configuration) {
      Element box = settings.appendElement("div");
      box.appendElement("h3").text(s.title());
      Html.table(box, List.of("setting", "value"), s.entries().stream().map(e -> List.of(e.key(), e.value())).toList(),
          List.of());
    }
    configurationSection.appendElement("h3").text("Model summary");
    Html.table(configurationSection, modelSummary.header(), modelSummary.rows(), List.of("Param #"));

    curves(Html.section(page, "curves", "Training curves"));
    history(Html.section(page, "history", "History"));

    Html.table(Html.section(page, "test-metrics", "Test metrics"), List.of("metric", "value"), List.of(
        List.of("test_loss", format(metrics.loss())), List.of("test_accuracy", format(metrics.accuracy())),
        List.of("test images", Integer.toString(metrics.confusionMatrix().total()))), List.of("value"));
    perClass(Html.section(page, "per-class", "Precision, recall and F1 per class"));
    confusion(Html.section(page, "confusion-matrix", "Confusion matrix"));

    Html.figure(Html.section(page, "predictions", "Predictions"), ReportWriter.PREDICTIONS_PNG,
        "grid of test predictions", results.sampledPredictions().size() + " random test images (seed "
            + results.seed() + ") with their predicted and true class; wrong ones in red.");
    errors(Html.section(page, "errors", "Most confident errors"));

    Element stop = Html.section(page, "stop-reason", "Why training stopped");
    stop.appendElement("p").text("Training ended: " + history.stopReason() + " after " + history.epochs().size()
        + " epochs" + (best == null ? "." : String.format(Locale.ROOT, "; best %s %s at epoch %d.", best.monitor(),
            PythonFormat.fixed5(best.value()), best.epoch())));

    Html.table(Html.section(page, "outputs", "Outputs"), List.of("what", "path"),
        outputs.stream().map(e -> List.of(e.key(), e.value())).toList(), List.of());
    return page;
  }

  private void curves(Element section) {
    String marks = "Red dashes: learning-rate reductions"
        + (best == null ? "." : "; green dots: the best epoch by " + best.monitor() + " (" + best.epoch() + ").");
    Html.figure(section, ReportWriter.LOSS_PNG, "loss curve", "loss and val_loss per epoch. " + marks);
    Html.figure(section, ReportWriter.ACCURACY_PNG, "accuracy curve", "accuracy and val_accuracy per epoch. " + marks);
    Html.figure(section, ReportWriter.LR_PNG, "learning-rate curve", "Learning rate each epoch trained with. " + marks);
    List<LrReduction> reductions = results.lrReductions();
    section.appendElement("p").text(reductions.isEmpty() ? "ReduceLROnPlateau did not reduce the learning rate."
        : "ReduceLROnPlateau reductions: " + reductions.stream().map(r -> "epoch " + r.epoch() + ": "
            + rate(r.previousLr()) + " → " + rate(r.lr())).collect(Collectors.joining("; ")));
  }

  /** One row per epoch, the best one highlighted and the first at a reduced rate marked. */
  private void history(Element section) {
    Set<String> keys = new LinkedHashSet<>();
    history.epochs().forEach(e -> keys.addAll(e.logs().keySet()));
    List<String> header = new ArrayList<>(List.of("epoch"));
    header.addAll(keys);
    header.add("seconds");
    List<Integer> reduced = results.lrReductions().stream().map(LrReduction::epoch).toList();
    List<List<String>> rows = new ArrayList<>();
    for (History.Epoch e : history.epochs()) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(e.epoch() + 1)));
      for (String key : keys) {
        Double value = e.logs().get(key);
        row.add(value == null ? "" : key.equals("lr") ? rate(value) : format(value));
      }
      row.add(String.format(Locale.ROOT, "%.1f", e.seconds()));
      rows.add(row);
    }
    Element body = Html.table(section, header, rows, header);
    for (int i = 0; i < history.epochs().size(); i++) {
      int epoch = history.epochs().get(i).epoch() + 1;
      Html.classIf(Html.classIf(body.child(i), "best", best != null && best.epoch() == epoch),
          "lr-reduced", reduced.contains(epoch));
    }
    section.appendElement("p").text((best == null ? "" : "Bold: the best epoch by " + best.monitor() + ". ")
        + "Red edge: the first epoch at a reduced learning rate.");
  }

  private void perClass(Element section) {
    List<String> header = List.of("class", "precision", "recall", "f1-score", "support");
    List<List<String>> rows = new ArrayList<>();
    ClassificationMetrics metrics = results.metrics();
    for (int c = 0; c < metrics.perClass().size(); c++) {
      rows.add(scoreRow(results.classNames().get(c), metrics.perClass().get(c)));
    }
    rows.add(List.of("accuracy", "", "", format(metrics.accuracy()), Integer.toString(metrics.macroAverage().support())));
    rows.add(scoreRow("macro avg", metrics.macroAverage()));
    rows.add(scoreRow("weighted avg", metrics.weightedAverage()));
    Html.table(section.appendElement("div").addClass("scroll"), header, rows, header.subList(1, header.size()));
  }

  private static List<String> scoreRow(String name, ClassScores s) {
    return List.of(name, format(s.precision()), format(s.recall()), format(s.f1()), Integer.toString(s.support()));
  }

  private void confusion(Element section) {
    int classes = results.classNames().size();
    Html.figure(section, ReportWriter.CONFUSION_MATRIX_PNG, "confusion matrix heatmap",
        "Rows: true class, columns: predicted class, " + classes + " classes.");
    section.appendElement("h3").text("Most confused pairs");
    List<List<String>> rows = new ArrayList<>();
    for (ConfusedPair pair : results.mostConfusedPairs()) {
      rows.add(List.of(name(pair.trueClass()), name(pair.predictedClass()), Integer.toString(pair.count())));
    }
    Html.table(section, List.of("true", "predicted", "images"), rows, List.of("images"));
  }

  private void errors(Element section) {
    Html.figure(section, ReportWriter.MOST_CONFIDENT_ERRORS_PNG, "most confident errors",
        "The misclassified test images the model was surest about.");
    List<List<String>> rows = new ArrayList<>();
    for (Prediction error : results.mostConfidentErrors()) {
      rows.add(List.of(Integer.toString(error.index()), name(error.trueClass()), name(error.predictedClass()),
          format(error.probability())));
    }
    Html.table(section, List.of("test image", "true", "predicted", "probability"), rows,
        List.of("test image", "probability"));
  }

  private String name(int classId) {
    return results.classNames().get(classId);
  }

  /** A learning rate (a float32 variable) in its shortest float spelling: 0.0001, not 1.0000000474974513E-4. */
  static String rate(double value) {
    return Double.isFinite(value) ? new BigDecimal(Float.toString((float) value)).toPlainString() : Double.toString(value);
  }

  static String format(double value) {
    return String.format(Locale.ROOT, DIGITS, value);
  }
}
