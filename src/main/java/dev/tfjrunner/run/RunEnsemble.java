package dev.tfjrunner.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.export.BuildInfo;
import dev.tfjrunner.export.EnsembleExporter;
import dev.tfjrunner.export.InferenceGraph;
import dev.tfjrunner.export.ModelMetadata;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.report.ClassificationMetrics;
import dev.tfjrunner.report.EvaluationReport;
import dev.tfjrunner.report.html.RunPage;
import dev.tfjrunner.serving.Classifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tfj ensemble}: the final SavedModels of finished runs combined into one serving
 * SavedModel (see {@link EnsembleExporter}), with each member's and the ensemble's test accuracy
 * printed side by side and written into its model.json.
 */
public final class RunEnsemble {

  /** A member as model.json lists it. */
  public record MemberInfo(String run, String model, double weight, double testAccuracy, String savedModel) {}

  /** What the ensemble scored: its members' and its own test accuracy. */
  public record Result(Path directory, List<MemberInfo> members, double testAccuracy) {}

  /** Where model.json lists the members. */
  private static final String MEMBERS = "/training/members";

  private RunEnsemble() {}

  /**
   * @param weights one per run, or empty for equal weights
   */
  public static Result build(List<RunPaths> runs, List<Double> weights, Path directory, Console console)
      throws IOException {
    if (!weights.isEmpty() && weights.size() != runs.size()) {
      throw new IllegalArgumentException("--weights gives " + weights.size() + " weights for " + runs.size() + " runs");
    }
    if (Files.exists(directory)) {
      throw new IllegalArgumentException(directory + ": already exists (choose another --to)");
    }
    List<EnsembleExporter.Member> members = new ArrayList<>();
    List<String> classNames = null;
    RunConfig firstConfig = null;
    for (int i = 0; i < runs.size(); i++) {
      RunPaths paths = runs.get(i);
      RunConfig config = Json.read(paths.runConfig(), RunConfig.class);
      List<String> names = config.data().resolvedClassNames();
      if (classNames == null) {
        classNames = names;
        firstConfig = config;
      } else if (!classNames.equals(names)) {
        throw new IllegalArgumentException("ensemble members must name the same classes: " + runs.get(0).runId()
            + " has " + classNames + ", " + paths.runId() + " has " + names);
      }
      if (!Files.isDirectory(paths.finalModel())) {
        throw new IOException(paths.finalModel() + ": run " + paths.runId() + " has no final SavedModel (still training?)");
      }
      ModelSpec spec = RunModel.load(paths, config);
      members.add(new EnsembleExporter.Member(paths.runId(), spec, paths.finalModel(), weights.isEmpty() ? 1 : weights.get(i)));
    }
    // Checked before anything is read: shapes and classes must agree.
    EnsembleExporter.requireCompatible(members);

    // The first member's test set, decoded (for image folders) at the members' common image size.
    Dataset dataset = RunEvaluation.testSet(runs.get(0), firstConfig, members.get(0).spec());
    int[] labels = dataset.test().labels();
    int classes = classNames.size();
    double total = members.stream().mapToDouble(EnsembleExporter.Member::weight).sum();
    float[][] mean = new float[labels.length][classes];
    List<MemberInfo> infos = new ArrayList<>();
    for (EnsembleExporter.Member member : members) {
      float[][] p;
      try (Classifier classifier = Classifier.load(member.savedModel())) {
        p = classifier.predict(dataset.test());
      }
      for (int i = 0; i < labels.length; i++) {
        for (int c = 0; c < classes; c++) {
          mean[i][c] += (float) (member.weight() / total) * p[i][c];
        }
      }
      infos.add(new MemberInfo(member.name(), member.spec().model().name(), member.weight(),
          ClassificationMetrics.compute(labels, p, classes).accuracy(), member.savedModel().toString()));
    }
    ClassificationMetrics ensemble = ClassificationMetrics.compute(labels, mean, classes);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("test_loss", ensemble.loss());
    metrics.put("test_accuracy", ensemble.accuracy());
    ModelSpec first = members.get(0).spec();
    ModelMetadata metadata = new ModelMetadata(directory.getFileName().toString(), dataset.name(), classNames,
        "ensemble of " + members.size(), members.stream().mapToLong(m -> m.spec().model().summary().totalParameters()).sum(),
        first.image().shape(), first.inputRange().text(), "per member", Map.of("members", infos), metrics, Map.of(),
        BuildInfo.tensorflowJavaVersion(), BuildInfo.tensorflowVersion(), Instant.now().toString(),
        InferenceGraph.SIGNATURE_KEY + ": mean of the members' probabilities");
    EnsembleExporter.export(members, classNames, directory, metadata);

    printTable(infos, ensemble.accuracy(), console);
    console.println("Ensemble SavedModel: " + directory);
    return new Result(directory, List.copyOf(infos), ensemble.accuracy());
  }

  /** An ensemble's test set and what it and each member predicted for it. */
  private record Scored(Dataset dataset, Classifier.MemberPredictions predictions, List<MemberInfo> members,
      ClassificationMetrics metrics) {}

  /**
   * The test set of the ensemble's first member run through the ensemble SavedModel once, each
   * member's probabilities fetched from inside its graph beside the served mean.
   */
  private static Scored score(Path directory, Path home) throws IOException {
    List<MemberInfo> listed = members(directory);
    RunPaths first = memberRun(directory, home, listed.get(0));
    RunConfig config = Json.read(first.runConfig(), RunConfig.class);
    Dataset dataset = RunEvaluation.testSet(first, config, RunModel.load(first, config));
    Classifier.MemberPredictions predictions;
    try (Classifier classifier = Classifier.load(directory)) {
      int held = classifier.members();
      if (held != listed.size()) {
        throw new IOException(directory + ": model.json lists " + listed.size() + " members, the graph holds " + held);
      }
      predictions = classifier.predictWithMembers(dataset.test());
    }
    int[] labels = dataset.test().labels();
    int classes = dataset.classNames().size();
    List<MemberInfo> infos = new ArrayList<>();
    for (int m = 0; m < listed.size(); m++) {
      MemberInfo member = listed.get(m);
      infos.add(new MemberInfo(member.run(), member.model(), member.weight(),
          ClassificationMetrics.compute(labels, predictions.members().get(m), classes).accuracy(), member.savedModel()));
    }
    return new Scored(dataset, predictions, List.copyOf(infos),
        ClassificationMetrics.compute(labels, predictions.probabilities(), classes));
  }

  /** {@code tfj evaluate ENSEMBLE}: prints the members' and the ensemble's test accuracies side by side. */
  public static Result evaluate(Path directory, Path home, Console console) throws IOException {
    Scored scored = score(directory, home);
    console.println(String.format(Locale.ROOT, "%s (ensemble of %d, %d test images): test_loss: %.4f - test_accuracy: %.4f",
        directory.getFileName(), scored.members().size(), scored.dataset().test().count(), scored.metrics().loss(),
        scored.metrics().accuracy()));
    printTable(scored.members(), scored.metrics().accuracy(), console);
    return new Result(directory, scored.members(), scored.metrics().accuracy());
  }

  /**
   * {@code tfj report --run ENSEMBLE}: the evaluation report of the ensemble (its members' table in
   * place of a layer summary; no training history of its own) in {@code <ensemble>/report/}.
   */
  public static EvaluationReport report(Path directory, Path home, long seed, Console console) throws IOException {
    Scored scored = score(directory, home);
    EvaluationReport report = EvaluationReport.create(scored.dataset().test(), scored.predictions().probabilities(),
        scored.dataset().classNames(), new History.Record(List.of(), "an ensemble is not trained itself"), seed);
    Path folder = directory.resolve("report");
    RunReport.writeEnsemble(directory.getFileName() + ": ensemble of " + scored.members().size() + " on "
        + scored.dataset().name(), scored.members(), directory, report, folder);
    console.println(report.results().format());
    printTable(scored.members(), scored.metrics().accuracy(), console);
    console.println("Report written to " + folder + "; page: " + folder.resolve(RunPage.FILE_NAME));
    return report;
  }

  /** {@code run} as an ensemble SavedModel folder (a path, or a folder in savedmodels/), if it is one. */
  public static Optional<Path> find(Path home, String run) {
    for (Path candidate : List.of(Path.of(run), home.resolve("savedmodels").resolve(run))) {
      if (Files.isRegularFile(candidate.resolve("saved_model.pb")) && Files.isRegularFile(metadataFile(candidate))) {
        try {
          if (Json.MAPPER.readTree(metadataFile(candidate).toFile()).at(MEMBERS).isArray()) {
            return Optional.of(candidate);
          }
        } catch (IOException e) {
          return Optional.empty(); // not an ensemble's model.json; the run lookup reports the folder
        }
      }
    }
    return Optional.empty();
  }

  private static Path metadataFile(Path directory) {
    return directory.resolve(ServingExporter.ASSETS_EXTRA).resolve(ServingExporter.METADATA_FILE);
  }

  /** The members an ensemble's model.json lists. */
  private static List<MemberInfo> members(Path directory) throws IOException {
    JsonNode members = Json.MAPPER.readTree(metadataFile(directory).toFile()).at(MEMBERS);
    return Json.MAPPER.convertValue(members, new TypeReference<List<MemberInfo>>() {});
  }

  /** The run folder of {@code member}: beside its SavedModel as recorded, else by run id in {@code home}. */
  private static RunPaths memberRun(Path directory, Path home, MemberInfo member) throws IOException {
    Path recorded = Path.of(member.savedModel()).getParent();
    try {
      return RunPaths.existing(home, recorded != null && Files.isDirectory(recorded) ? recorded.toString() : member.run());
    } catch (IOException e) {
      throw new IOException(directory + ": the run of its first member " + member.run()
          + " is needed for the test set (" + e.getMessage() + ")", e);
    }
  }

  private static void printTable(List<MemberInfo> infos, double ensembleAccuracy, Console console) {
    for (MemberInfo info : infos) {
      console.println(String.format(Locale.ROOT, "%-44s %-16s weight %-5s test_accuracy: %.4f", info.run(), info.model(),
          trim(info.weight()), info.testAccuracy()));
    }
    console.println(String.format(Locale.ROOT, "%-44s %-16s %-12s test_accuracy: %.4f", "ensemble", infos.size()
        + " members", "", ensembleAccuracy));
  }

  private static String trim(double weight) {
    return weight == Math.rint(weight) ? Long.toString((long) weight) : Double.toString(weight);
  }
}
