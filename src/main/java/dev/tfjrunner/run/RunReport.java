package dev.tfjrunner.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.report.BestEpoch;
import dev.tfjrunner.report.EvaluationReport;
import dev.tfjrunner.report.RenderedReport;
import dev.tfjrunner.report.ReportWriter;
import dev.tfjrunner.report.html.RunPage;
import dev.tfjrunner.report.html.RunPage.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A run's report folder: the evaluation files, and the HTML page that shows them with the run's configuration. */
final class RunReport {

  private RunReport() {}

  /** Renders and writes the report of {@code report} and its page; returns the images (the run logs some to TensorBoard). */
  static RenderedReport write(RunConfig config, ModelSpec spec, RunPaths paths, EvaluationReport report)
      throws IOException {
    BestEpoch best = BestEpoch.of(report.history(), config.bestMonitor()).orElse(null);
    RenderedReport images = RenderedReport.of(report, best);
    ReportWriter.write(report, images, paths.report());
    ModelSummary summary = spec.model().summary();
    new RunPage(paths.runId() + ": " + spec.model().name() + " on " + config.data().displayName(),
        configuration(config, spec, report), summaryTable(summary), report.results(), report.history(), best,
        outputs(config, paths)).write(paths.reportPage());
    return images;
  }

  /** The report of an ensemble: its members in place of the configuration and the layer summary. */
  static void writeEnsemble(String heading, List<RunEnsemble.MemberInfo> members, Path ensemble, EvaluationReport report,
      Path folder) throws IOException {
    ReportWriter.write(report, RenderedReport.of(report, null), folder);
    List<List<String>> rows = new ArrayList<>();
    for (RunEnsemble.MemberInfo m : members) {
      rows.add(List.of(m.run(), m.model(), Double.toString(m.weight()),
          String.format(Locale.ROOT, "%.4f", m.testAccuracy())));
    }
    List<Settings.Entry> saved = members.stream().map(m -> new Settings.Entry(m.run(), m.savedModel())).toList();
    new RunPage(heading, List.of(new Settings("members' SavedModels", saved)),
        new RunPage.Table(List.of("member", "model", "weight", "test_accuracy"), rows), report.results(),
        report.history(), null, List.of(new Settings.Entry("ensemble SavedModel", ensemble.toString())))
        .write(folder.resolve(RunPage.FILE_NAME));
  }

  /**
   * The run.json tree as tables: its top-level values under "training", each object (data,
   * optimizer, callbacks, ...) in a table of its own, so new settings show up without code here.
   */
  private static List<Settings> configuration(RunConfig config, ModelSpec spec, EvaluationReport report) {
    JsonNode tree = Json.MAPPER.valueToTree(config);
    List<Settings.Entry> training = new ArrayList<>();
    List<Settings> sections = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isObject()) {
        sections.add(new Settings(field.getKey(), entries(field.getValue(), !field.getKey().equals("callbacks"))));
      } else {
        training.add(new Settings.Entry(field.getKey(), text(field.getValue())));
      }
    }
    sections.add(0, new Settings("training", training));
    sections.add(new Settings("as the model applies them", List.of(
        new Settings.Entry("classes", report.results().classNames().size() + ": "
            + String.join(", ", report.results().classNames())),
        new Settings.Entry("image shape", spec.height() + "x" + spec.width() + "x" + spec.channels()),
        new Settings.Entry("preprocessing", spec.preprocessing().describe()),
        new Settings.Entry("augmentation (training only)", spec.augmentation().describe()))));
    return sections;
  }

  /** The fields of {@code object}; unset (null) ones left out when {@code skipUnset}, else shown as "off". */
  private static List<Settings.Entry> entries(JsonNode object, boolean skipUnset) {
    List<Settings.Entry> entries = new ArrayList<>();
    object.fields().forEachRemaining(f -> {
      if (!(skipUnset && f.getValue().isNull())) {
        entries.add(new Settings.Entry(f.getKey(), text(f.getValue())));
      }
    });
    return entries;
  }

  /** A value as one line: "off" for a switched-off part, {@code key=value, ...} (set keys only) for an object. */
  private static String text(JsonNode value) {
    if (value.isNull()) {
      return "off";
    }
    if (value.isObject()) {
      return entries(value, true).stream().map(e -> e.key() + "=" + e.value()).collect(Collectors.joining(", "));
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(text(item)));
      return String.join(", ", items);
    }
    return value.asText();
  }

  private static RunPage.Table summaryTable(ModelSummary summary) {
    List<List<String>> rows = new ArrayList<>(summary.table());
    List<String> pad = summary.chain() ? List.of() : List.of("");
    rows.add(totalRow("Total params", summary.totalParameters(), pad));
    rows.add(totalRow("Trainable params", summary.trainableParameters(), pad));
    rows.add(totalRow("Non-trainable params", summary.totalParameters() - summary.trainableParameters(), pad));
    return new RunPage.Table(summary.header(), rows);
  }

  private static List<String> totalRow(String label, long count, List<String> pad) {
    List<String> row = new ArrayList<>(List.of(label, "", String.format("%,d", count)));
    row.addAll(pad);
    return row;
  }

  private static List<Settings.Entry> outputs(RunConfig config, RunPaths paths) {
    List<Settings.Entry> outputs = new ArrayList<>();
    outputs.add(new Settings.Entry("final SavedModel", paths.finalModel().toString()));
    RunConfig.Callbacks callbacks = config.callbacks();
    if (callbacks.modelCheckpoint() != null) {
      String filepath = callbacks.modelCheckpoint().filepath();
      outputs.add(new Settings.Entry("best SavedModel (ModelCheckpoint)",
          filepath != null ? filepath : paths.bestModel().toString()));
    }
    outputs.add(new Settings.Entry("resume checkpoint", paths.checkpoint().toString()));
    if (callbacks.tensorboard() != null) {
      outputs.add(new Settings.Entry("TensorBoard log directory", paths.tensorboard()
          + " (tensorboard --logdir " + paths.tensorboard().getParent() + ")"));
    }
    outputs.add(new Settings.Entry("inference GraphDef", paths.graphs().resolve(paths.runId() + ".pb").toString()));
    outputs.add(new Settings.Entry("history", paths.history() + (Files.exists(paths.historyCsv())
        ? ", " + paths.historyCsv() : "")));
    outputs.add(new Settings.Entry("configuration", paths.runConfig().toString()));
    return outputs;
  }
}
