package dev.tfjrunner.cli;

import dev.tfjrunner.bench.Bench;
import dev.tfjrunner.bench.BenchConfig;
import dev.tfjrunner.bench.BenchReport;
import dev.tfjrunner.bench.KerasComparison;
import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.ModelSpec;
import java.io.IOException;
import java.util.Random;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.train.SessionSettings;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfj bench}: how fast this machine trains and serves the study's CNN, and what bounds it. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Measure how fast this machine trains and serves the advanced CNN: TF's fp32",
        "matmul GFLOP/s, training steps at batch 32/128/256, evaluation, the fit loop",
        "against its time in Session.run, SavedModel inference through the Classifier,",
        "and memory. Prints tables; writes JSON to savedmodels/bench/bench-<time>.json",
        "(and --json FILE). TF sizes its thread pools once per process: compare thread",
        "settings, and oneDNN off (TF_ENABLE_ONEDNN_OPTS=0), in separate runs.",
        "--vs-keras then runs the same measurements with real Keras 3 and prints the ratios."})
final class BenchCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--quick", description = "Smoke run for CI (well under a minute): small batches, few repeats.")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
  Path json;

  @Option(names = "--out-dir", paramLabel = "DIR", description = "Where bench-<timestamp>.json goes (default: savedmodels/bench).")
  Path outDir;

  @Option(names = "--threads", paramLabel = "N", description = "TensorFlow intra-op threads (default: 0 = all cores).")
  int threads;

  @Option(names = "--inter-op-threads", paramLabel = "N", description = "TensorFlow inter-op threads (default: 2).")
  int interOpThreads;

  @Option(names = "--bf16", description = "bfloat16 mixed precision (AVX512_BF16/AMX CPUs; as train --bf16).")
  boolean bf16;

  @Option(names = "--batch-sizes", paramLabel = "N", split = ",", description = "Training step batch sizes (default: 32,128,256).")
  List<Integer> batchSizes;

  @Option(names = "--repeats", paramLabel = "N", description = "Timed training steps per batch size (default: 20; --quick: 5).")
  Integer repeats;

  @Option(names = "--fit-steps", paramLabel = "N", description = "Fit loop steps per epoch (default: 100; --quick: 10).")
  Integer fitSteps;

  @Option(names = "--fit-epochs", paramLabel = "N", description = "Fit loop epochs, the first one warming up (default: 5; --quick: 3).")
  Integer fitEpochs;

  @Option(names = "--model", paramLabel = "NAME|FILE",
      description = "The model to measure: a built-in network (" + BuiltinModels.NAMES_TEXT + "; default: advanced), or a Keras model .json/.keras file.")
  String model = "advanced";

  @Option(names = "--vs-keras", description = {"Then measure the same model on the same images with real Keras 3 in Python",
      "(a virtualenv .venv-keras made with pip when missing) and print both and their ratios."})
  boolean vsKeras;

  @Option(names = "--keras-python", paramLabel = "PYTHON",
      description = "With --vs-keras: this Python (with keras and tensorflow installed) instead of .venv-keras.")
  Path kerasPython;

  @Option(names = "--trace", paramLabel = "FILE", description = {"Also trace one training step (the first batch size) op by op",
      "into FILE, a Chrome trace (chrome://tracing, Perfetto), and print its time per op type."})
  Path trace;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the built-in data sets are (default: <repo>/data).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    SessionSettings session = SessionSettings.of(threads, interOpThreads, bf16);
    BenchConfig config = quick ? BenchConfig.quick(session) : BenchConfig.full(session);
    if (batchSizes != null) {
      config = config.withBatchSizes(batchSizes);
    }
    if (repeats != null) {
      config = config.withRepeats(repeats);
    }
    if (fitSteps != null || fitEpochs != null) {
      config = config.withFit(config.fitBatchSize(), fitSteps != null ? fitSteps : config.fitStepsPerEpoch(),
          fitEpochs != null ? fitEpochs : config.fitEpochs());
    }
    Path home = TfjCommand.home();
    ModelSpec modelSpec = ModelSpec.of(BuiltinModels.load(model).model());
    LabeledImages images = benchImages(modelSpec, config, home);
    BenchReport report = Bench.run(config, modelSpec, images, trace, System.err);
    if (vsKeras) {
      report = report.withKeras(KerasComparison.run(report, modelSpec, images, home, kerasPython, System.err));
    }

    System.out.print(report.format());
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path file = (outDir != null ? outDir : home.resolve("savedmodels").resolve("bench")).resolve("bench-" + stamp + ".json");
    Json.write(file, report);
    if (json != null) {
      Json.write(json, report);
    }
    System.out.println("JSON: " + file + (json != null ? " and " + json : ""));
    return 0;
  }

  /**
   * MNIST's training images for models of MNIST's shape and classes; for other models, seeded
   * random images of their shape (speed does not depend on pixel values).
   */
  private LabeledImages benchImages(ModelSpec modelSpec, BenchConfig config, Path home) throws IOException {
    if (modelSpec.height() == 28 && modelSpec.width() == 28 && modelSpec.channels() == 1 && modelSpec.classes() == 10) {
      return Dataset.load(BuiltinDataset.MNIST, dataDir != null ? dataDir : home.resolve("data")).train();
    }
    int n = config.imagesNeeded();
    Random random = new Random(42);
    float[] pixels = new float[n * modelSpec.height() * modelSpec.width() * modelSpec.channels()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    return new LabeledImages(pixels, random.ints(n, 0, (int) modelSpec.classes()).toArray(), modelSpec.height(),
        modelSpec.width(), modelSpec.channels());
  }
}
