package dev.tfjrunner.bench;

import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.bench.BenchReport.Environment;
import dev.tfjrunner.bench.BenchReport.Evaluation;
import dev.tfjrunner.bench.BenchReport.FitEpoch;
import dev.tfjrunner.bench.BenchReport.FitLoop;
import dev.tfjrunner.bench.BenchReport.Inference;
import dev.tfjrunner.bench.BenchReport.Matmul;
import dev.tfjrunner.bench.BenchReport.Memory;
import dev.tfjrunner.bench.BenchReport.TrainStep;
import dev.tfjrunner.callbacks.Callback;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.data.Splits;
import dev.tfjrunner.export.BuildInfo;
import dev.tfjrunner.export.ModelMetadata;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.train.Batch;
import dev.tfjrunner.train.FitConfig;
import dev.tfjrunner.train.ModelSaver;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.Trainer;
import dev.tfjrunner.train.TrainingGraph;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code tfj bench}: measures, in one process, what bounds training and serving the study's CNN
 * on this machine: TF's matmul speed, raw training steps, evaluation, the whole fit loop against
 * the time TF spends in it, SavedModel inference and memory. Progress goes to {@code log}.
 */
public final class Bench {

  static final long SEED = 42;
  /** MNIST's 60,000 training images less the 10% validation split. */
  private static final int MNIST_EPOCH_IMAGES = 54_000;

  private final BenchConfig config;
  private final LabeledImages images;
  private final PrintStream log;
  private final ModelSpec spec;

  private final Path trace;

  private Bench(BenchConfig config, ModelSpec spec, LabeledImages images, Path trace, PrintStream log) {
    this.config = config;
    this.trace = trace;
    this.spec = spec;
    this.images = images;
    this.log = log;
  }

  /**
   * Runs every measurement of {@code spec}'s model (the study's CNN by default) on {@code images}
   * (at least {@link BenchConfig#imagesNeeded()} of them, of the model's shape and classes). With
   * {@code trace} (else null), one training step at the first batch size is also traced op by op
   * into that Chrome trace file and summarised per op type in {@code log}.
   */
  public static BenchReport run(BenchConfig config, ModelSpec spec, LabeledImages images, Path trace, PrintStream log)
      throws IOException {
    if (images.count() < config.imagesNeeded()) {
      throw new IllegalArgumentException("the bench needs " + config.imagesNeeded() + " images, got " + images.count());
    }
    return new Bench(config, spec, images, trace, log).run();
  }

  private BenchReport run() throws IOException {
    String createdAt = Instant.now().toString();
    double loadStart = ProcessStats.loadAverage();
    Map<String, Double> peaks = new LinkedHashMap<>();
    // First: the first session of the process sizes TF's thread pools for all the others.
    Matmul matmul = matmul();
    endSection("matmul", peaks);
    ModelCost cost = ModelCost.of(spec.model());
    log.print(cost.format());

    List<TrainStep> steps = new ArrayList<>();
    List<Evaluation> evaluation = new ArrayList<>();
    try (TrainingGraph model = newModel()) {
      for (int batchSize : config.batchSizes()) {
        steps.add(trainStep(model, batchSize, cost, matmul));
      }
      endSection("train_steps", peaks);
      LabeledImages evalImages = images.first(config.evalImages());
      for (int batchSize : config.evalBatchSizes()) {
        evaluation.add(evaluation(model, evalImages, batchSize));
      }
      endSection("evaluation", peaks);
    }
    log.printf("augmentation overhead, batch %d ...%n", config.fitBatchSize());
    AugmentationOverhead.Result augmentation = AugmentationOverhead.measure(images, spec, Augmentation.DIGITS,
        config.fitBatchSize(), config.warmupSteps(), config.repeats(), config.session());
    endSection("augmentation", peaks);

    FitLoop fit;
    Inference inference;
    try (TrainingGraph model = newModel()) {
      fit = fitLoop(model);
      endSection("fit_loop", peaks);
      inference = inference(model);
      endSection("inference", peaks);
    }
    List<Double> rss = fit.epochs().stream().map(FitEpoch::rssMb).toList();
    Memory memory = new Memory(peaks.values().stream().mapToDouble(v -> v).max().orElse(-1), peaks, rss,
        rss.get(rss.size() - 1) - rss.get(0));

    Environment environment = new Environment(createdAt, CpuInfo.read(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), BuildInfo.tensorflowJavaVersion(),
        BuildInfo.tensorflowNativeVersion(), BuildInfo.tensorflowVersion(), !"0".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS")), System.getenv("TF_XLA_FLAGS"),
        loadStart, ProcessStats.loadAverage());
    return new BenchReport(environment, config, cost, matmul, steps, evaluation, augmentation, fit, inference, memory,
        null);
  }

  /** Records the peak RSS of the part of the bench that just ended, and starts the next one's. */
  private static void endSection(String name, Map<String, Double> peaks) {
    peaks.put(name, ProcessStats.peakRssMb());
    ProcessStats.resetPeakRss();
  }

  private TrainingGraph newModel() {
    return TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, SEED, config.session());
  }

  /** TF's own fp32 matmul speed: the ceiling the convolutions' GEMMs can hope for. */
  private Matmul matmul() {
    int n = config.matmulSize();
    log.printf("matmul %dx%d ...%n", n, n);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      // Variables, not constants: grappler would fold a product of constants away.
      Operand<TFloat32> a = tf.variable(tf.random.statelessRandomUniform(tf.constant(new long[] {n, n}),
          tf.constant(new long[] {SEED, 1}), TFloat32.class));
      Operand<TFloat32> b = tf.variable(tf.random.statelessRandomUniform(tf.constant(new long[] {n, n}),
          tf.constant(new long[] {SEED, 2}), TFloat32.class));
      Operand<TFloat32> product = tf.linalg.matMul(a, b);
      SessionSettings threads = config.session();
      // Always float32: with --bf16 the figure stays the yardstick the training steps are compared to.
      SessionSettings fp32 = new SessionSettings(threads.intraOpThreads(), threads.interOpThreads(), false);
      try (Session session = new Session(graph, fp32.toConfigProto())) {
        session.initialize();
        Timing timing = Timing.measure(2, config.matmulRepeats(), () -> session.runner().addTarget(product).run());
        return new Matmul(n, timing, 2.0 * n * n * n / (timing.medianMs() / 1e3) / 1e9);
      }
    }
  }

  private TrainStep trainStep(TrainingGraph model, int batchSize, ModelCost cost, Matmul matmul) throws IOException {
    log.printf("training step, batch %d ...%n", batchSize);
    try (Batch batch = Batch.of(images, 0, batchSize)) {
      Timing timing = Timing.measure(config.warmupSteps(), config.repeats(), () -> model.trainStep(batch, 0));
      if (trace != null && batchSize == config.batchSizes().get(0)) {
        StepTrace traced = StepTrace.of(model.traceStep(batch, 0));
        traced.writeChromeTrace(trace);
        traced.printSummary(log, "traced training step, batch " + batchSize + " (" + trace + ")", 25);
      }
      double gflops = timing.perSecond(batchSize) * cost.trainingFlopsPerImage() / 1e9;
      return new TrainStep(batchSize, timing, timing.perSecond(batchSize), gflops, gflops / matmul.gflops());
    }
  }

  private Evaluation evaluation(TrainingGraph model, LabeledImages data, int batchSize) {
    log.printf("evaluation, batch %d ...%n", batchSize);
    Timing timing = Timing.measure(1, config.evalRepeats(), () -> model.evaluate(data, batchSize));
    return new Evaluation(batchSize, data.count(), timing, timing.perSecond(data.count()));
  }

  /** {@code Trainer.fit} on exactly fitStepsPerEpoch batches per epoch, with the progress bar of a terminal. */
  private FitLoop fitLoop(TrainingGraph model) {
    int batchSize = config.fitBatchSize();
    int trainCount = batchSize * config.fitStepsPerEpoch();
    log.printf("fit loop, %d epochs of %d steps at batch %d ...%n", config.fitEpochs(), config.fitStepsPerEpoch(), batchSize);
    Splits data = new Splits(images.first(trainCount),
        images.select(IntStream.range(trainCount, trainCount + config.validationImages()).toArray()));
    LoopProbe probe = new LoopProbe(model);
    Console discard = new Console(new PrintStream(OutputStream.nullOutputStream()), true);
    new Trainer(model, ModelSaver.CHECKPOINT_ONLY, discard)
        .fit(data, new FitConfig(config.fitEpochs(), batchSize, 1000, SEED, 0, true), List.of(probe));

    List<FitEpoch> measured = probe.epochs.size() > 1 ? probe.epochs.subList(1, probe.epochs.size()) : probe.epochs;
    double loopMs = measured.stream().mapToDouble(FitEpoch::loopMs).sum();
    double sessionMs = measured.stream().mapToDouble(FitEpoch::sessionRunMs).sum();
    long steps = (long) measured.size() * config.fitStepsPerEpoch();
    double samplesPerSecond = steps * batchSize / (loopMs / 1e3);
    return new FitLoop(batchSize, config.fitStepsPerEpoch(), measured.size(), samplesPerSecond, loopMs / steps,
        sessionMs / steps, overheadPercent(loopMs, sessionMs), MNIST_EPOCH_IMAGES / samplesPerSecond,
        List.copyOf(probe.epochs));
  }

  private static double overheadPercent(double loopMs, double sessionMs) {
    return 100 * (loopMs - sessionMs) / loopMs;
  }

  /** Times each epoch's batch loop (first batch begins to last batch ends) and TF's share of it. */
  private static final class LoopProbe implements Callback {
    private final TrainingGraph model;
    private final List<FitEpoch> epochs = new ArrayList<>();
    private long loopStart;
    private long loopEnd;
    private long sessionStart;
    private long sessionEnd;

    LoopProbe(TrainingGraph model) {
      this.model = model;
    }

    @Override
    public void onBatchBegin(int batch) {
      if (batch == 0) {
        loopStart = System.nanoTime();
        sessionStart = model.sessionRunNanos();
      }
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
      loopEnd = System.nanoTime();
      sessionEnd = model.sessionRunNanos();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      double loopMs = (loopEnd - loopStart) / 1e6;
      double sessionMs = (sessionEnd - sessionStart) / 1e6;
      epochs.add(new FitEpoch(epoch + 1, loopMs, sessionMs, overheadPercent(loopMs, sessionMs), ProcessStats.rssMb()));
    }
  }

  /** Exports {@code model} as a serving SavedModel to a temporary folder and times the Classifier on it. */
  private Inference inference(TrainingGraph model) throws IOException {
    log.printf("inference: export, batch 1, batch %d ...%n", config.throughputBatch());
    Path scratch = Files.createTempDirectory("tfj-bench-");
    try {
      Path saved = scratch.resolve("model");
      List<String> classNames = IntStream.range(0, (int) spec.classes()).mapToObj(Integer::toString).toList();
      try (ServingExporter exporter = new ServingExporter(spec)) {
        exporter.export(model, saved, classNames, new ModelMetadata("bench", "mnist", classNames, spec.model().name(),
            spec.model().summary().totalParameters(), spec.image().shape(), spec.inputRange().text(),
            spec.preprocessing().describe(), null,
            Map.of(), Map.of(),
            BuildInfo.tensorflowJavaVersion(), BuildInfo.tensorflowVersion(), Instant.now().toString(), "bench"));
      }
      try (Classifier classifier = Classifier.load(saved)) {
        float[] one = images.image(0);
        int calls = config.latencyCalls();
        Timing batch1 = Timing.measure(Math.max(1, calls / 10), calls, () -> classifier.predict(one));
        int n = config.throughputBatch();
        float[] many = Arrays.copyOf(images.pixels(), n * images.pixelsPerImage());
        Timing throughput = Timing.measure(2, config.throughputRepeats(), () -> classifier.predict(many));
        return new Inference(batch1, n, throughput, throughput.perSecond(n));
      }
    } finally {
      AtomicOutput.deleteRecursively(scratch);
    }
  }
}
