package dev.tfjrunner.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.when;

import dev.tfjrunner.data.CsvReader;
import dev.tfjrunner.data.IdxReader;
import dev.tfjrunner.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The inputs {@code tfj-spark score} reads, as DataFrames for {@link BatchScorer}: an image folder
 * (any file system Spark reads; recursive; a file's class folder, when it is not directly in the
 * input folder, is its label) or IDX / CSV files (read on the driver, as {@code ./tfj predict} reads
 * them, and spread over the cluster).
 */
public final class ImageSources {

  /** The image column of each source: binaryFile's encoded pictures, or pixel arrays. */
  public static final String CONTENT = "content";
  public static final String PIXELS = "pixels";

  /** Pictures ImageIO reads. */
  private static final String PICTURES = "*.{png,PNG,jpg,JPG,jpeg,JPEG,gif,GIF,bmp,BMP}";

  private ImageSources() {}

  /** A source's rows and the column holding its images. */
  public record Images(Dataset<Row> rows, String imageColumn) {}

  /**
   * A folder of pictures, an IDX images file (with {@code labels}, an IDX labels file, or null) or
   * a CSV file ({@code .csv}, Kaggle-style with labels); labels are named with {@code classNames}.
   */
  public static Images read(SparkSession spark, String input, String labels, int[] imageShape, List<String> classNames)
      throws IOException {
    Path path = new Path(input);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(path)) {
      throw new IOException(input + ": no such file or folder");
    }
    if (fs.getFileStatus(path).isDirectory()) {
      if (labels != null) {
        throw new IllegalArgumentException("--labels goes with an IDX file; a folder's labels are its class folders");
      }
      return folder(spark, fs.makeQualified(path).toString());
    }
    java.nio.file.Path file = java.nio.file.Path.of(input);
    if (file.getFileName().toString().matches("(?i).*\\.csv(\\.gz)?")) {
      if (imageShape[0] != imageShape[1] || imageShape[2] != 1) {
        throw new IllegalArgumentException(input + ": CSV images are square and grayscale, the model takes "
            + imageShape[0] + "x" + imageShape[1] + "x" + imageShape[2]);
      }
      LabeledImages images = CsvReader.read(file, imageShape[0]);
      return pixelRows(spark, input, images.pixels(), images.count(), images.labels(), classNames);
    }
    if (labels != null) {
      LabeledImages images = IdxReader.read(file, java.nio.file.Path.of(labels));
      checkShape(input, images.height(), images.width(), imageShape);
      return pixelRows(spark, input, images.pixels(), images.count(), images.labels(), classNames);
    }
    IdxReader.Images images = IdxReader.readImages(file);
    checkShape(input, images.height(), images.width(), imageShape);
    return pixelRows(spark, input, images.pixels(), images.count(), null, classNames);
  }

  private static void checkShape(String input, int height, int width, int[] imageShape) {
    if (height != imageShape[0] || width != imageShape[1] || imageShape[2] != 1) {
      throw new IllegalArgumentException(input + ": images are " + height + "x" + width + "x1, the model takes "
          + imageShape[0] + "x" + imageShape[1] + "x" + imageShape[2]);
    }
  }

  private static Images folder(SparkSession spark, String root) throws IOException {
    Dataset<Row> files = spark.read().format("binaryFile")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", PICTURES)
        .load(root);
    if (files.select(BatchScorer.PATH).isEmpty()) {
      throw new IOException(root + ": no images (PNG, JPEG, GIF or BMP) in this folder or below");
    }
    // binaryFile's paths are qualified like the root, so the parent folder compares as a string.
    String parent = "^(.*)/[^/]+$";
    Dataset<Row> rows = files
        .withColumn(BatchScorer.LABEL, when(regexp_extract(col(BatchScorer.PATH), parent, 1).notEqual(lit(root)),
            regexp_extract(regexp_extract(col(BatchScorer.PATH), parent, 1), "([^/]+)$", 1)))
        .select(BatchScorer.PATH, BatchScorer.LABEL, CONTENT);
    return new Images(rows, CONTENT);
  }

  /** Back-to-back images as rows of {@code input#index}, the class name of the label (labels may be null) and the pixels. */
  static Images pixelRows(SparkSession spark, String input, float[] pixels, int count, int[] labels,
      List<String> classNames) {
    StructType schema = new StructType()
        .add(BatchScorer.PATH, DataTypes.StringType, false)
        .add(BatchScorer.LABEL, DataTypes.StringType, true)
        .add(PIXELS, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    int perImage = count == 0 ? 0 : pixels.length / count;
    List<Row> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String label = labels == null ? null : classNames.get(labels[i]);
      rows.add(RowFactory.create(input + "#" + i, label, Arrays.copyOfRange(pixels, i * perImage, (i + 1) * perImage)));
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return new Images(spark.createDataFrame(context.parallelize(rows, context.defaultParallelism()), schema), PIXELS);
  }
}
