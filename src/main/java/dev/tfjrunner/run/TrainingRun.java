package dev.tfjrunner.run;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.callbacks.Callback;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.callbacks.CsvLogger;
import dev.tfjrunner.callbacks.EarlyStopping;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.callbacks.LearningRateScheduler;
import dev.tfjrunner.callbacks.ModelCheckpoint;
import dev.tfjrunner.callbacks.ReduceLROnPlateau;
import dev.tfjrunner.callbacks.TerminateOnNaN;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.data.Splits;
import dev.tfjrunner.data.folders.DecodeLog;
import dev.tfjrunner.export.BuildInfo;
import dev.tfjrunner.export.GraphExport;
import dev.tfjrunner.export.InferenceGraph;
import dev.tfjrunner.export.ModelMetadata;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.OutputHead;
import dev.tfjrunner.model.keras.KerasModel;
import dev.tfjrunner.report.BestEpoch;
import dev.tfjrunner.report.EvaluationReport;
import dev.tfjrunner.report.RenderedReport;
import dev.tfjrunner.tensorboard.SampleImages;
import dev.tfjrunner.tensorboard.TensorBoard;
import dev.tfjrunner.train.FitConfig;
import dev.tfjrunner.train.Metrics;
import dev.tfjrunner.train.ModelSaver;
import dev.tfjrunner.train.Trainer;
import dev.tfjrunner.train.TrainingGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One training run end to end, as {@code tfj train} does it: load and split the data, build the
 * graph, train with the configured callbacks, evaluate on the test set, and write the run's
 * outputs (see {@link RunPaths}).
 */
public final class TrainingRun {

  /** What a finished run produced; {@code test} is null when the data has no test set. */
  public record Result(RunPaths paths, History.Record history, Metrics test, double seconds) {}

  private final RunConfig config;
  private final RunPaths paths;
  private final Console console;

  private TrainingRun(RunConfig config, RunPaths paths, Console console) {
    this.config = config;
    this.paths = paths;
    this.console = console;
  }

  /** A new run of {@code config}, its outputs under {@code home}. */
  public static TrainingRun create(RunConfig config, Path home, Console console) {
    String model = Path.of(config.model()).getFileName().toString().replaceFirst("\\.(json|keras|h5)$", "");
    return new TrainingRun(config, RunPaths.create(home, config.data().displayName(), model), console);
  }

  /** Continues the run in {@code paths} from its last completed epoch. */
  public static TrainingRun resume(RunPaths paths, Console console) throws IOException {
    return new TrainingRun(Json.read(paths.runConfig(), RunConfig.class), paths, console);
  }

  public RunPaths paths() {
    return paths;
  }

  public Result execute() throws IOException {
    long start = System.nanoTime();
    AtomicOutput.recover(paths.checkpoint()); // a crash between the two renames of a state save
    TrainingState resumed = Files.exists(paths.checkpoint()) ? TrainingState.read(paths.checkpoint()) : null;
    // The model and the data are checked against each other before TensorFlow starts.
    Dataset dataset;
    ModelSpec spec;
    DecodeLog decodeLog = decodeLog(console);
    float[][] fileWeights = null; // a Keras file's, to start from
    if (resumed == null) {
      KerasModel source;
      if (KerasConversion.holdsWeights(config.model())) {
        KerasConversion.Loaded loaded = KerasConversion.load(Path.of(config.model()), null);
        source = loaded.keras();
        fileWeights = loaded.weights();
        if (config.newHead() != null) {
          source = new KerasModel(FineTuning.withNewHead(source.model(), config.newHead(), config.model()),
              source.compileConfig(), source.format(), source.notes());
        }
      } else if (config.newHead() != null) {
        throw new ModelConfigException("--new-head goes with a Keras model file that holds weights (.keras, .h5), not "
            + config.model());
      } else {
        source = BuiltinModels.load(config.model());
      }
      source.notes().forEach(console::println);
      if (BuiltinModels.isBuiltin(config.model())) {
        dataset = config.data().loadForBuiltin(paths.home(), config.model(), source.model().input(),
            config.sessionSettings().toConfigProto(), decodeLog);
        source = fitBuiltin(source, dataset);
      } else {
        dataset = config.data().load(paths.home(), source.model().input(), config.sessionSettings().toConfigProto(),
            decodeLog);
      }
      spec = config.modelSpec(source.model(), imageShape(dataset));
      if (source.compileConfig() != null) {
        OutputHead.of(spec.model()).requireLoss(source.compileConfig().get("loss"), config.model());
      }
    } else {
      spec = RunModel.load(paths, config);
      dataset = config.data().load(paths.home(), spec.image(), config.sessionSettings().toConfigProto(), decodeLog);
    }
    requireClassesMatch(spec, dataset, config.model());
    Splits splits = dataset.validation() != null ? new Splits(dataset.train(), dataset.validation())
        : Splits.validationSplit(dataset.train(), config.validationSplit(), config.seed());
    Files.createDirectories(paths.runDir());
    if (resumed == null) {
      Json.write(paths.runConfig(), config);
      RunModel.save(paths, spec);
    }
    console.println("Run " + paths.runId() + ": " + spec.model().name() + " on " + dataset.name()
        + " (" + splits.train().count() + " train / " + splits.validation().count() + " validation / "
        + (dataset.hasTest() ? dataset.test().count() + " test images" : "no test images") + "), outputs in "
        + paths.runDir());
    if (!dataset.hasTest()) {
      console.println("No test folder (--test-dir): the run ends without a test evaluation or report.");
    }
    if (spec.inputRange() != InputRange.UNIT) {
      console.println("Input: pixel values " + spec.inputRange().text() + ", as " + (config.inputRange() != null
          ? "--input-range says" : "the model's leading Rescaling layer expects") + " (the exported SavedModel takes"
          + " them too; its model.json says " + InputRange.KEY + " " + spec.inputRange().text() + ")");
    }
    console.println("Optimizer: " + Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(config.optimizer()));

    Set<String> frozen = FineTuning.frozenThrough(spec.model(), config.freeze(), config.model());
    try (TrainingGraph model = TrainingGraph.create(spec, config.optimizer(), config.seed(), config.sessionSettings(),
        frozen);
        ServingExporter exporter = new ServingExporter(spec)) {
      ModelSaver saver = (m, directory, weightsOnly, logs) -> {
        if (weightsOnly) {
          ModelSaver.CHECKPOINT_ONLY.save(m, directory, true, logs);
        } else {
          exporter.export(m, directory, dataset.classNames(), metadata(config, spec, paths, logs, logs));
        }
      };
      FitConfig fit = config.fitConfig();
      History history = resumed == null ? new History() : new History(resumed.history());
      Callbacks callbacks = callbacks(model, splits, history, resumed != null);
      List<String> frozenBy = new ArrayList<>();
      List<String> inFile = FineTuning.frozenInConfig(spec.model());
      if (!inFile.isEmpty()) {
        frozenBy.add(String.join(", ", inFile) + " (trainable: false in " + config.model() + ")");
      }
      if (!frozen.isEmpty()) {
        frozenBy.add(String.join(", ", frozen) + " (through --freeze " + config.freeze() + ")");
      }
      if (!frozenBy.isEmpty()) {
        long trainable = model.network().trainableWeights().stream().mapToLong(Network.Weight::size).sum();
        long all = model.network().weights().stream().mapToLong(Network.Weight::size).sum();
        console.println(String.format(Locale.ROOT, "Frozen: %s. Trainable params: %,d - Non-trainable params: %,d",
            String.join("; ", frozenBy), trainable, all - trainable));
      }
      try (TensorBoard tensorBoard = callbacks.tensorBoard()) {
        if (fileWeights != null) {
          model.writeWeights(FineTuning.startingWeights(spec.model(), fileWeights, model.readWeights(),
              config.newHead() != null, config.model()));
          console.println("Weights: from " + config.model() + (config.newHead() != null ? " except the last Dense"
              + " layer, new with " + config.newHead() + " units" : "") + "; the optimizer's state is not carried over"
              + " (its slots and step count start from zero)");
        }
        if (resumed != null) {
          model.restoreCheckpoint(TrainingState.variablesPrefix(paths.checkpoint()));
          resumed.restoreInto(paths.checkpoint(), callbacks.reduceLr(), callbacks.earlyStopping(), callbacks.checkpoint());
          fit = fit.startingAt(resumed.epoch() + 1);
          console.println("Resuming after epoch " + (resumed.epoch() + 1) + " of " + config.epochs());
        }
        History.Record record = new Trainer(model, saver, console).fit(splits, fit, callbacks.list());
        Json.write(paths.history(), record);

        Map<String, Double> finalLogs = new LinkedHashMap<>(lastLogs(record));
        if (!dataset.hasTest()) {
          exporter.exportAtomically(model, paths.finalModel(), dataset.classNames(),
              metadata(config, spec, paths, finalLogs, bestLogs(record, config)));
          GraphExport.write(GraphExport.inferenceGraphDef(spec), paths.graphs(), paths.runId());
          console.println("Training ended: " + record.stopReason() + " after " + record.epochs().size() + " of "
              + config.epochs() + " epochs.");
          console.println("Final model: " + paths.finalModel() + (tensorBoard != null
              ? "; TensorBoard: tensorboard --logdir " + paths.tensorboard().getParent() : ""));
          return new Result(paths, record, null, (System.nanoTime() - start) / 1e9);
        }
        // One pass over the test set serves the test metrics and the report.
        EvaluationReport report = EvaluationReport.create(dataset.test(),
            model.predict(dataset.test(), config.evalBatchSize()), dataset.classNames(), record, config.seed());
        Metrics test = new Metrics(report.results().metrics().loss(), report.results().metrics().accuracy());
        finalLogs.put("test_loss", test.loss());
        finalLogs.put("test_accuracy", test.accuracy());
        exporter.exportAtomically(model, paths.finalModel(), dataset.classNames(),
            metadata(config, spec, paths, finalLogs, bestLogs(record, config)));
        GraphExport.write(GraphExport.inferenceGraphDef(spec), paths.graphs(), paths.runId());

        RenderedReport images = RunReport.write(config, spec, paths, report);
        if (tensorBoard != null) {
          long lastEpoch = Math.max(0, record.epochs().size() - 1);
          tensorBoard.writeImage("confusion_matrix", images.confusionMatrix(), lastEpoch);
          tensorBoard.writeImage("test_predictions", images.predictions(), lastEpoch);
        }
        console.println("Training ended: " + record.stopReason() + " after " + record.epochs().size() + " of "
            + config.epochs() + " epochs.");
        console.println("Report: " + paths.report() + (tensorBoard != null
            ? "; TensorBoard: tensorboard --logdir " + paths.tensorboard().getParent() : ""));
        console.println(String.format(Locale.ROOT, "test_loss: %.4f - test_accuracy: %.4f", test.loss(), test.accuracy()));
        console.println("Report page: " + paths.reportPage());
        return new Result(paths, record, test, (System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** The run's callbacks in Keras order (user callbacks, then History), then the resume state saver. */
  private record Callbacks(List<Callback> list, ReduceLROnPlateau reduceLr, EarlyStopping earlyStopping,
      ModelCheckpoint checkpoint, TensorBoard tensorBoard) {}

  private Callbacks callbacks(TrainingGraph model, Splits splits, History history, boolean resuming) {
    RunConfig.Callbacks settings = config.callbacks();
    List<Callback> list = new ArrayList<>();
    ReduceLROnPlateau reduceLr = settings.reduceLrOnPlateau() == null ? null
        : new ReduceLROnPlateau(settings.reduceLrOnPlateau(), console);
    EarlyStopping earlyStopping = settings.earlyStopping() == null ? null
        : new EarlyStopping(settings.earlyStopping(), console);
    ModelCheckpoint checkpoint = null;
    if (settings.modelCheckpoint() != null) {
      ModelCheckpoint.Config c = settings.modelCheckpoint();
      String filepath = c.filepath() != null ? c.filepath() : paths.bestModel().toString();
      checkpoint = new ModelCheckpoint(new ModelCheckpoint.Config(filepath, c.monitor(), c.mode(), c.saveBestOnly(),
          c.saveWeightsOnly(), c.initialValueThreshold(), c.verbose()), console);
    }
    if (settings.learningRateScheduler() != null) {
      list.add(new LearningRateScheduler(settings.learningRateScheduler(), config.optimizer().learningRate(), console));
    }
    if (settings.terminateOnNan()) {
      list.add(new TerminateOnNaN(console));
    }
    if (reduceLr != null) {
      list.add(reduceLr);
    }
    if (earlyStopping != null) {
      list.add(earlyStopping);
    }
    if (checkpoint != null) {
      list.add(checkpoint);
    }
    TensorBoard tensorBoard = null;
    if (settings.tensorboard() != null) {
      LabeledImages samples = splits.train().first(TensorBoard.MAX_SAMPLES);
      tensorBoard = new TensorBoard(settings.tensorboard(), paths.tensorboard(), model.graph().toGraphDef(),
          model.spec().model().toKerasJson(), new SampleImages(model.networkInputs(samples, true, 0), samples.height(), samples.width(), samples.channels()));
      list.add(tensorBoard);
    }
    if (settings.csvLogger()) {
      list.add(new CsvLogger(paths.historyCsv(), resuming));
    }
    list.add(history);
    list.add(new TrainingState.Saver(model, paths.checkpoint(), reduceLr, earlyStopping, checkpoint, history));
    return new Callbacks(list, reduceLr, earlyStopping, checkpoint, tensorBoard);
  }

  static Map<String, Double> lastLogs(History.Record record) {
    return record.epochs().isEmpty() ? Map.of() : record.epochs().get(record.epochs().size() - 1).logs();
  }

  /** The logs and 1-based epoch of the best epoch by the run's checkpoint monitor ({@link RunConfig#bestMonitor}). */
  static Map<String, Double> bestLogs(History.Record record, RunConfig config) {
    return BestEpoch.of(record, config.bestMonitor()).map(BestEpoch::logsWithEpoch).orElse(Map.of());
  }

  /** Decoding progress and skipped pictures go to the run's console. */
  private static DecodeLog decodeLog(Console console) {
    return new DecodeLog() {
      @Override
      public void println(String line) {
        console.finishLine(line);
      }

      @Override
      public void redraw(String line) {
        console.redraw(line);
      }

      @Override
      public boolean interactive() {
        return console.interactive();
      }
    };
  }

  /**
   * Built-in network {@code design} for the data's image shape and class count, as keras.applications take
   * input_shape and classes; said in a line when it changed and no "Pictures:" line said so.
   */
  private KerasModel fitBuiltin(KerasModel design, Dataset dataset) {
    Input image = imageShape(dataset);
    int classes = dataset.classNames().size();
    KerasModel fitted = BuiltinModels.builtin(config.model(), image, classes);
    long[] before = design.model().input().imageShape();
    long designClasses = OutputHead.classesOf(design.model());
    if (!config.data().imageFolders() && (!java.util.Arrays.equals(before, image.dims()) || designClasses != classes)) {
      console.println(String.format(Locale.ROOT, "%s takes the data's %s images in %d classes (designed for %s in %d)",
          config.model(), shapeText(image.dims()), classes, shapeText(before), designClasses));
    }
    return fitted;
  }

  private static String shapeText(long[] shape) {
    return shape[0] + "x" + shape[1] + "x" + shape[2];
  }

  /** [height, width, channels] of the data set's images. */
  private static Input imageShape(Dataset dataset) {
    return Input.of(dataset.train().height(), dataset.train().width(), dataset.train().channels());
  }

  /** The model's class scores must name the data's classes (a sigmoid unit names two). */
  private static void requireClassesMatch(ModelSpec spec, Dataset dataset, String model) {
    if (spec.classes() != dataset.classNames().size()) {
      throw new ModelConfigException(model + ": the model's output layer gives " + spec.classes() + " classes but "
          + dataset.name() + " has " + dataset.classNames().size());
    }
  }

  /** What model.json says about a model of run {@code paths} (also used by {@link RunExport}). */
  static ModelMetadata metadata(RunConfig config, ModelSpec spec, RunPaths paths, Map<String, Double> finalMetrics,
      Map<String, Double> bestMetrics) {
    return new ModelMetadata(
        paths.runId(),
        config.data().displayName(),
        config.data().resolvedClassNames(),
        spec.model().name(),
        spec.model().summary().totalParameters(),
        spec.image().shape(),
        spec.inputRange().text(),
        spec.preprocessing().describe(),
        config,
        finalMetrics,
        bestMetrics,
        BuildInfo.tensorflowJavaVersion(),
        BuildInfo.tensorflowVersion(),
        Instant.now().toString(),
        InferenceGraph.describeSignature(spec, spec.inputRange()));
  }
}
