package dev.tfjrunner.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import dev.tfjrunner.serving.Classifier;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tfj-spark score} as a library call: reads the input, scores it and writes Parquet or CSV.
 * Spark writes into a temporary sibling of the output (its committer publishes only complete
 * partitions there), which is renamed to the output at the end: a failed job leaves no output.
 */
public final class ScoreJob {

  /** What to score and where to write it; {@code labels} is an IDX labels file or null. */
  public record Request(String input, String labels, String output, String format, boolean overwrite,
      ScoreOptions options) {
    public Request {
      if (!format.equals("parquet") && !format.equals("csv")) {
        throw new IllegalArgumentException("--format must be parquet or csv (got " + format + ")");
      }
    }
  }

  /** Images scored, the accuracy on those with labels, and the wall time of the whole job. */
  public record Summary(long images, BatchScorer.Accuracy accuracy, double seconds) {}

  private ScoreJob() {}

  public static Summary run(SparkSession spark, Request request) throws IOException {
    long start = System.nanoTime();
    Path output = new Path(request.output());
    FileSystem fs = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs.exists(output) && !request.overwrite()) {
      throw new IOException(request.output() + ": already exists (--overwrite replaces it)");
    }
    // The driver loads the model too: a bad model fails here with one line, before any task runs.
    Classifier classifier = ModelCache.get(request.options().model());
    ImageSources.Images images = ImageSources.read(spark, request.input(), request.labels(),
        classifier.imageShape(), classifier.classNames());
    Dataset<Row> scored = BatchScorer.score(images.rows(), images.imageColumn(), request.options());
    if (request.format().equals("csv")) {
      scored = scored.withColumn(BatchScorer.TOP_K, to_json(col(BatchScorer.TOP_K)));
    }
    // Not a hidden name: Spark's readers skip paths starting with "." or "_", and it is read back below.
    Path temporary = new Path(output.getParent(), output.getName() + ".tfj-spark-tmp-" + UUID.randomUUID());
    try {
      scored.write().format(request.format()).option("header", "true").save(temporary.toString());
      Dataset<Row> written = spark.read().format(request.format()).option("header", "true").load(temporary.toString());
      long count = written.count();
      BatchScorer.Accuracy accuracy = BatchScorer.accuracy(written);
      if (fs.exists(output) && !fs.delete(output, true)) {
        throw new IOException(request.output() + ": cannot delete the old output");
      }
      if (!fs.rename(temporary, output)) {
        throw new IOException(request.output() + ": cannot rename " + temporary + " to it");
      }
      return new Summary(count, accuracy, (System.nanoTime() - start) / 1e9);
    } finally {
      if (fs.exists(temporary)) {
        fs.delete(temporary, true);
      }
    }
  }
}
