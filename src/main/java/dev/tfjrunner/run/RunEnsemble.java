package dev.tfjrunner.run;

import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.folders.DecodeLog;
import dev.tfjrunner.export.BuildInfo;
import dev.tfjrunner.export.EnsembleExporter;
import dev.tfjrunner.export.InferenceGraph;
import dev.tfjrunner.export.ModelMetadata;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.report.ClassificationMetrics;
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
    Dataset dataset = firstConfig.data().load(runs.get(0).home(), members.get(0).spec().image(),
        firstConfig.sessionSettings().toConfigProto(), DecodeLog.SILENT);
    if (!dataset.hasTest()) {
      throw new IllegalArgumentException(runs.get(0).runId() + " has no test set (it trained without --test-dir):"
          + " an ensemble is scored on its first member's test set");
    }
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
        first.image().shape(), "per member", Map.of("members", infos), metrics, Map.of(),
        BuildInfo.tensorflowJavaVersion(), BuildInfo.tensorflowVersion(), Instant.now().toString(),
        InferenceGraph.SIGNATURE_KEY + ": mean of the members' probabilities");
    EnsembleExporter.export(members, classNames, directory, metadata);

    for (MemberInfo info : infos) {
      console.println(String.format(Locale.ROOT, "%-44s %-16s weight %-5s test_accuracy: %.4f", info.run(), info.model(),
          trim(info.weight()), info.testAccuracy()));
    }
    console.println(String.format(Locale.ROOT, "%-44s %-16s %-12s test_accuracy: %.4f", "ensemble", members.size()
        + " members", "", ensemble.accuracy()));
    console.println("Ensemble SavedModel: " + directory);
    return new Result(directory, List.copyOf(infos), ensemble.accuracy());
  }

  private static String trim(double weight) {
    return weight == Math.rint(weight) ? Long.toString((long) weight) : Double.toString(weight);
  }
}
