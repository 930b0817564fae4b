package dev.tfjrunner.run;

import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.folders.DecodeLog;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.report.ClassificationMetrics;
import dev.tfjrunner.report.EvaluationReport;
import dev.tfjrunner.serving.Classifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Evaluates and reports a finished run's exported model on its data set's test images. */
public final class RunEvaluation {

  private RunEvaluation() {}

  /** The run's test images, their class names and the model's probabilities for them. */
  private record TestPredictions(RunConfig config, Dataset dataset, float[][] probabilities) {}

  private static TestPredictions predictTest(RunPaths paths, String which) throws IOException {
    Path model = switch (which) {
      case "final" -> paths.finalModel();
      case "best" -> paths.bestModel();
      default -> throw new IllegalArgumentException("--model must be final or best, got " + which);
    };
    RunConfig config = Json.read(paths.runConfig(), RunConfig.class);
    Dataset dataset = testSet(paths, config, RunModel.load(paths, config));
    try (Classifier classifier = Classifier.load(model)) {
      return new TestPredictions(config, dataset, classifier.predict(dataset.test()));
    }
  }

  /**
   * The run's data set with its test images; image folders are decoded to the size and colour mode
   * the run trained with: its model's.
   */
  static Dataset testSet(RunPaths paths, RunConfig config, ModelSpec spec) throws IOException {
    Dataset dataset = config.data().load(paths.home(), spec.image(), config.sessionSettings().toConfigProto(),
        DecodeLog.SILENT);
    if (!dataset.hasTest()) {
      throw new IllegalArgumentException(paths.runId() + " has no test set (it trained without --test-dir): nothing to evaluate");
    }
    return dataset;
  }

  /** Prints and returns the test metrics of the run's {@code final} or {@code best} SavedModel. */
  public static ClassificationMetrics evaluate(RunPaths paths, String which, Console console) throws IOException {
    TestPredictions predictions = predictTest(paths, which);
    ClassificationMetrics metrics = ClassificationMetrics.compute(
        predictions.dataset().test().labels(), predictions.probabilities(), predictions.dataset().classNames().size());
    console.println(String.format(Locale.ROOT, "%s (%s model, %d test images): test_loss: %.4f - test_accuracy: %.4f",
        paths.runId(), which, predictions.dataset().test().count(), metrics.loss(), metrics.accuracy()));
    return metrics;
  }

  /**
   * Prints and returns the test metrics of any SavedModel (a converted Keras file's) on {@code data}'s
   * test images, decoded to the model's image shape.
   */
  public static ClassificationMetrics evaluate(Path home, Path savedModel, DataConfig data, Console console)
      throws IOException {
    try (Classifier classifier = Classifier.load(savedModel)) {
      int[] shape = classifier.imageShape();
      Dataset dataset = data.load(home, Input.of(shape[0], shape[1], shape[2]),
          org.tensorflow.proto.ConfigProto.getDefaultInstance(), DecodeLog.SILENT);
      if (!dataset.hasTest()) {
        throw new IllegalArgumentException(dataset.name() + " has no test images: nothing to evaluate");
      }
      if (dataset.classNames().size() != classifier.numClasses()) {
        throw new IllegalArgumentException(savedModel + ": the model has " + classifier.numClasses() + " classes, "
            + dataset.name() + " " + dataset.classNames().size());
      }
      ClassificationMetrics metrics = ClassificationMetrics.compute(dataset.test().labels(),
          classifier.predict(dataset.test()), classifier.numClasses());
      console.println(String.format(Locale.ROOT, "%s (%d test images): test_loss: %.4f - test_accuracy: %.4f",
          dataset.name(), dataset.test().count(), metrics.loss(), metrics.accuracy()));
      return metrics;
    }
  }

  /** Writes the evaluation report of the run's model into its report folder and prints its tables. */
  public static EvaluationReport report(RunPaths paths, String which, long seed, Console console) throws IOException {
    TestPredictions predictions = predictTest(paths, which);
    History.Record history = Files.exists(paths.history())
        ? Json.read(paths.history(), History.Record.class)
        : new History.Record(java.util.List.of(), "unknown");
    EvaluationReport report = EvaluationReport.create(predictions.dataset().test(), predictions.probabilities(),
        predictions.dataset().classNames(), history, seed);
    RunReport.write(predictions.config(), RunModel.load(paths, predictions.config()), paths, report);
    console.println(report.results().format());
    console.println("Report written to " + paths.report() + "; page: " + paths.reportPage());
    return report;
  }
}
