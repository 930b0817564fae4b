package dev.tfjrunner.bench;

import dev.tfjrunner.train.SessionSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Everything one {@code tfj bench} run measured; written as JSON and printed as tables. */
public record BenchReport(
    Environment environment,
    BenchConfig config,
    ModelCost model,
    Matmul matmul,
    List<TrainStep> trainSteps,
    List<Evaluation> evaluation,
    AugmentationOverhead.Result augmentation,
    FitLoop fitLoop,
    Inference inference,
    Memory memory,
    KerasComparison keras) {

  /** This report with the Keras side's figures ({@code tfj bench --vs-keras}); null when not asked for. */
  public BenchReport withKeras(KerasComparison comparison) {
    return new BenchReport(environment, config, model, matmul, trainSteps, evaluation, augmentation, fitLoop, inference,
        memory, comparison);
  }

  /**
   * Where the figures come from. A load average above the core count means other processes
   * shared the CPU, and the timings are pessimistic.
   *
   * @param cpu which CPU (model name, family, model, flags): a run's figures differ between CPUs
   * @param onednn false when TF_ENABLE_ONEDNN_OPTS=0 switched oneDNN off at process start
   * @param xlaFlags TF_XLA_FLAGS, null when unset (XLA off)
   */
  public record Environment(String createdAt, CpuInfo cpu, int cores, String java, String tensorflowJava,
      String tensorflowNative, String tensorflow, boolean onednn, String xlaFlags, double loadAverageStart,
      double loadAverageEnd) {}

  /** An n x n fp32 matrix product in TF: 2n^3 FLOPs per run. */
  public record Matmul(int size, Timing timing, double gflops) {}

  /** One training step (forward, backward, RMSprop update) on a fixed batch. */
  public record TrainStep(int batchSize, Timing timing, double samplesPerSecond, double gflops,
      double fractionOfMatmul) {}

  /** One full pass of {@code TrainingGraph.evaluate} over {@code images} images. */
  public record Evaluation(int batchSize, int images, Timing timing, double imagesPerSecond) {}

  /**
   * {@code Trainer.fit} (prefetch thread, callbacks, progress bar) over the measured epochs (all
   * but the first, which warms up), against the time spent inside {@code Session.run}.
   *
   * @param overheadPercent the loop's time outside Session.run, in % of the loop's time
   * @param mnistEpochSeconds the training part of one MNIST epoch (54,000 images) at this speed
   */
  public record FitLoop(int batchSize, int stepsPerEpoch, int measuredEpochs, double samplesPerSecond,
      double stepMs, double sessionRunMs, double overheadPercent, double mnistEpochSeconds, List<FitEpoch> epochs) {}

  /** @param rssMb resident set size at the end of the epoch */
  public record FitEpoch(int epoch, double loopMs, double sessionRunMs, double overheadPercent, double rssMb) {}

  /** A SavedModel exported from the trained model, run through {@code Classifier.predict}. */
  public record Inference(Timing batch1, int throughputBatch, Timing throughput, double imagesPerSecond) {}

  /**
   * @param peakRssMb the process's highest resident set size (VmHWM)
   * @param peakRssBySectionMb the peak within each part of the bench (VmHWM reset between them)
   * @param growthAfterFirstEpochMb RSS at the end of the last fit epoch minus at the end of the first
   */
  public record Memory(double peakRssMb, Map<String, Double> peakRssBySectionMb, List<Double> rssAfterEpochMb,
      double growthAfterFirstEpochMb) {}

  /** The human-readable tables. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    Environment e = environment;
    SessionSettings session = config.session();
    sb.append(f("%s, %d cores; TF %s (TF Java %s API, native %s); oneDNN %s%s; threads intra %d / inter %d%s; load average %.1f -> %.1f%n",
        e.cpu().label(), e.cores(), e.tensorflow(), e.tensorflowJava(), e.tensorflowNative(), e.onednn() ? "on" : "off",
        e.xlaFlags() == null ? "" : "; TF_XLA_FLAGS=" + e.xlaFlags(), session.intraOpThreads(),
        session.interOpThreads(), session.bf16() ? "; bf16 mixed precision" : "", e.loadAverageStart(),
        e.loadAverageEnd()));
    sb.append(f("%nMatmul %dx%d fp32: %.1f ms median (min %.1f, max %.1f) = %.1f GFLOP/s%n", matmul.size(), matmul.size(),
        matmul.timing().medianMs(), matmul.timing().minMs(), matmul.timing().maxMs(), matmul.gflops()));

    sb.append(f("%nTraining step, %s CNN (%.1f MFLOP per image):%n", model.model(), model.trainingFlopsPerImage() / 1e6));
    sb.append(f("%6s %10s %9s %9s %10s %9s %10s%n", "batch", "median ms", "min ms", "max ms", "samples/s", "GFLOP/s", "of matmul"));
    for (TrainStep s : trainSteps) {
      sb.append(f("%6d %10.1f %9.1f %9.1f %10.0f %9.1f %9.0f%%%n", s.batchSize(), s.timing().medianMs(), s.timing().minMs(),
          s.timing().maxMs(), s.samplesPerSecond(), s.gflops(), 100 * s.fractionOfMatmul()));
    }

    sb.append(f("%nEvaluation (TrainingGraph.evaluate):%n%6s %8s %13s %9s%n", "batch", "images", "ms per pass", "images/s"));
    for (Evaluation ev : evaluation) {
      sb.append(f("%6d %8d %13.1f %9.0f%n", ev.batchSize(), ev.images(), ev.timing().medianMs(), ev.imagesPerSecond()));
    }

    sb.append(f("%nAugmentation (digits preset, paired steps with and without): %s%n", augmentation.describe()));

    FitLoop fit = fitLoop;
    sb.append(f("%nFit loop, batch %d, %d measured epoch(s) of %d steps: %.0f samples/s, %.1f ms/step, of which "
            + "Session.run %.1f ms: Java-side overhead %.2f%% (MNIST epoch of 54,000 images: ~%.0f s + validation)%n",
        fit.batchSize(), fit.measuredEpochs(), fit.stepsPerEpoch(), fit.samplesPerSecond(), fit.stepMs(),
        fit.sessionRunMs(), fit.overheadPercent(), fit.mnistEpochSeconds()));

    Inference inf = inference;
    sb.append(f("%nInference (SavedModel through Classifier): batch 1 p50 %.2f ms, p99 %.2f ms (%d calls); "
            + "batch %d: %.1f ms = %.0f images/s%n", inf.batch1().medianMs(), inf.batch1().p99Ms(), inf.batch1().repeats(),
        inf.throughputBatch(), inf.throughput().medianMs(), inf.imagesPerSecond()));

    sb.append(f("%nMemory: peak RSS (VmHWM) %.0f MB; by part: %s; RSS after each fit epoch %s MB, growth after epoch 1: %+.1f MB%n",
        memory.peakRssMb(), String.join(", ", memory.peakRssBySectionMb().entrySet().stream()
            .map(p -> f("%s %.0f MB", p.getKey(), p.getValue())).toList()),
        memory.rssAfterEpochMb().stream().map(v -> f("%.0f", v)).toList(), memory.growthAfterFirstEpochMb()));
    if (keras != null) {
      sb.append(keras.format());
    }
    return sb.toString();
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
