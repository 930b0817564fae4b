package dev.tfjrunner.spark;

import dev.tfjrunner.data.IdxReader;
import dev.tfjrunner.serving.Classifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tfj-spark bench}: images/s of the Classifier in one process and of {@link BatchScorer} on
 * a Spark master, on the same in-memory images, alternately, so both see the same machine load.
 * Both do the same work per image: the prediction and its top-k; Spark's output goes to its
 * {@code noop} sink, so neither side pays for writing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Compare the single-process Classifier with Spark scoring on the same images, back to back.")
final class SparkBench implements Callable<Integer> {

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "The SavedModel.")
  String model;

  @Option(names = "--images", paramLabel = "FILE", description = "IDX images (default: data/mnist/t10k-images-idx3-ubyte).")
  Path images;

  @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default local[2]).")
  String master;

  @Option(names = "--batch-size", defaultValue = "256", description = "Images per prediction call, both sides (default 256).")
  int batchSize;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds of each (default 3).")
  int rounds;

  @Override
  public Integer call() throws IOException {
    Path file = images != null ? images
        : Path.of(System.getProperty("tfj.home", "."), "data", "mnist", "t10k-images-idx3-ubyte");
    IdxReader.Images data = IdxReader.readImages(file);
    ScoreOptions options = ScoreOptions.of(model).withBatchSize(batchSize);
    SparkSession spark = SparkCommand.session("tfj-spark bench", master);
    try {
      Classifier classifier = ModelCache.get(model);
      Dataset<Row> rows = ImageSources.pixelRows(spark, file.toString(), data.pixels(), data.count(), null,
          classifier.classNames()).rows().cache();
      rows.count();
      System.out.printf(Locale.ROOT, "%d images of %s, batch %d, Spark master %s (%d partitions)%n", data.count(), file,
          batchSize, master, rows.rdd().getNumPartitions());
      // Warm-up: the session's first runs, JIT, Spark's code generation.
      singleProcess(classifier, data);
      sparkJob(rows, options);
      System.out.println("round  single process  spark         spark/single  RSS after");
      double bestSingle = 0;
      double bestSpark = 0;
      for (int round = 1; round <= rounds; round++) {
        double single = data.count() / singleProcess(classifier, data);
        double onSpark = data.count() / sparkJob(rows, options);
        bestSingle = Math.max(bestSingle, single);
        bestSpark = Math.max(bestSpark, onSpark);
        System.out.printf(Locale.ROOT, "%5d  %8.0f img/s  %7.0f img/s  %11.1f%%  %6d MB%n", round, single, onSpark,
            100 * onSpark / single, residentMegabytes());
      }
      System.out.printf(Locale.ROOT, "best   %8.0f img/s  %7.0f img/s  %11.1f%%%n", bestSingle, bestSpark,
          100 * bestSpark / bestSingle);
      return 0;
    } finally {
      spark.stop();
    }
  }

  /** Seconds to predict every image, {@code batchSize} at a time, and take each one's top-k. */
  private double singleProcess(Classifier classifier, IdxReader.Images data) {
    int perImage = data.height() * data.width();
    long start = System.nanoTime();
    for (int from = 0; from < data.count(); from += batchSize) {
      int n = Math.min(batchSize, data.count() - from);
      float[][] probabilities = classifier.predict(Arrays.copyOfRange(data.pixels(), from * perImage, (from + n) * perImage));
      for (float[] row : probabilities) {
        classifier.topK(row, ScoreOptions.DEFAULT_TOP_K);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double sparkJob(Dataset<Row> rows, ScoreOptions options) {
    long start = System.nanoTime();
    BatchScorer.score(rows, ImageSources.PIXELS, options).write().format("noop").mode("overwrite").save();
    return (System.nanoTime() - start) / 1e9;
  }

  /** This JVM's resident set (TF's native memory included), from /proc; -1 where there is none. */
  private static long residentMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no figure
    }
    return -1;
  }
}
