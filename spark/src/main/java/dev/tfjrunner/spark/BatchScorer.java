package dev.tfjrunner.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.serving.Prediction;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Classifies a DataFrame of images with a SavedModel, partition by partition: each executor takes
 * its Classifier from {@link ModelCache} and predicts {@link ScoreOptions#batchSize()} images per
 * call. The image column ({@code imageColumn}) holds encoded pictures (binary: PNG, JPEG, GIF, BMP, converted exactly as
 * {@code Classifier.classify(BufferedImage)} converts them) or pixel arrays in [0, 1] (row-major
 * [h, w, c]). {@code path} and {@code label} (as a string) are kept when the input has them.
 */
public final class BatchScorer {

  public static final String PATH = "path";
  public static final String LABEL = "label";
  public static final String CLASS_ID = "class_id";
  public static final String CLASS_NAME = "class_name";
  public static final String PROBABILITY = "probability";
  public static final String TOP_K = "top_k";

  private static final StructType TOP_ENTRY = new StructType()
      .add(CLASS_ID, DataTypes.IntegerType, false)
      .add(CLASS_NAME, DataTypes.StringType, false)
      .add(PROBABILITY, DataTypes.FloatType, false);

  private BatchScorer() {}

  /** The scored rows: [path], [label], class_id, class_name, probability, top_k (most probable first). */
  public static Dataset<Row> score(Dataset<Row> images, String imageColumn, ScoreOptions options) {
    StructType schema = images.schema();
    if (!List.of(schema.fieldNames()).contains(imageColumn)) {
      throw new IllegalArgumentException("no image column '" + imageColumn + "' (columns: "
          + String.join(", ", schema.fieldNames()) + ")");
    }
    DataType type = schema.apply(imageColumn).dataType();
    boolean encoded = type instanceof BinaryType;
    if (!encoded && !(type instanceof ArrayType array && array.elementType() instanceof NumericType)) {
      throw new IllegalArgumentException("image column '" + imageColumn + "' is " + type.simpleString()
          + ", expected binary (encoded pictures) or an array of pixel values");
    }
    List<String> kept = Stream.of(PATH, LABEL).filter(List.of(schema.fieldNames())::contains).toList();
    List<Column> selected = new ArrayList<>();
    StructType out = new StructType();
    for (String name : kept) {
      selected.add(col(name).cast(DataTypes.StringType));
      out = out.add(name, DataTypes.StringType, true);
    }
    selected.add(col(imageColumn));
    out = out.add(CLASS_ID, DataTypes.IntegerType, false)
        .add(CLASS_NAME, DataTypes.StringType, false)
        .add(PROBABILITY, DataTypes.FloatType, false)
        .add(TOP_K, DataTypes.createArrayType(TOP_ENTRY, false), false);
    return images.select(selected.toArray(Column[]::new))
        .mapPartitions(new ScorePartition(options, encoded, kept.size()), Encoders.row(out));
  }

  /** Images with a label, and how many of them got it as class_name. */
  public record Accuracy(long labelled, long correct) {
    public double value() {
      return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }
  }

  /** The accuracy of scored rows whose label is known (a label is the class name, e.g. a class folder's name). */
  public static Accuracy accuracy(Dataset<Row> scored) {
    if (!List.of(scored.schema().fieldNames()).contains(LABEL)) {
      return new Accuracy(0, 0);
    }
    Row row = scored.agg(count(col(LABEL)), sum(when(col(LABEL).equalTo(col(CLASS_NAME)), 1).otherwise(0))).first();
    return new Accuracy(row.getLong(0), row.isNullAt(1) ? 0 : row.getLong(1));
  }

  /** Runs on the executors: the partition's rows in batches through the JVM's cached Classifier. */
  private record ScorePartition(ScoreOptions options, boolean encoded, int keptColumns)
      implements MapPartitionsFunction<Row, Row> {

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Classifier classifier = ModelCache.get(options.model());
      return new Iterator<>() {
        private Iterator<Row> batch = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!batch.hasNext() && rows.hasNext()) {
            batch = scoreBatch(classifier, rows);
          }
          return batch.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return batch.next();
        }
      };
    }

    /** The next batch of rows, scored; only one batch is in memory at a time. */
    private Iterator<Row> scoreBatch(Classifier classifier, Iterator<Row> rows) {
      int[] shape = classifier.imageShape();
      int perImage = shape[0] * shape[1] * shape[2];
      List<Row> inputs = new ArrayList<>(options.batchSize());
      float[] pixels = new float[options.batchSize() * perImage];
      while (inputs.size() < options.batchSize() && rows.hasNext()) {
        Row row = rows.next();
        float[] image = pixels(classifier, row, perImage);
        System.arraycopy(image, 0, pixels, inputs.size() * perImage, perImage);
        inputs.add(row);
      }
      int n = inputs.size();
      float[][] probabilities = classifier.predict(n == options.batchSize() ? pixels : Arrays.copyOf(pixels, n * perImage));
      List<Row> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Prediction prediction = classifier.topK(probabilities[i], options.topK());
        Object[] values = new Object[keptColumns + 4];
        for (int c = 0; c < keptColumns; c++) {
          values[c] = inputs.get(i).get(c);
        }
        Prediction.ClassProbability best = prediction.best();
        values[keptColumns] = best.id();
        values[keptColumns + 1] = best.name();
        values[keptColumns + 2] = best.probability();
        values[keptColumns + 3] = prediction.top().stream()
            .map(p -> RowFactory.create(p.id(), p.name(), p.probability())).toArray(Row[]::new);
        out.add(RowFactory.create(values));
      }
      return out.iterator();
    }

    private float[] pixels(Classifier classifier, Row row, int perImage) {
      String where = keptColumns > 0 && row.get(0) != null ? row.getString(0) : "an image";
      Object image = row.get(keptColumns);
      if (image == null) {
        throw new IllegalArgumentException(where + ": no image");
      }
      if (encoded) {
        BufferedImage picture;
        try {
          picture = ImageIO.read(new ByteArrayInputStream((byte[]) image));
        } catch (IOException | RuntimeException e) {
          throw new IllegalArgumentException(where + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (picture == null) {
          throw new IllegalArgumentException(where + ": not an image (expected PNG, JPEG, GIF or BMP)");
        }
        return classifier.pixels(picture, options.inversion());
      }
      List<Number> values = row.getList(keptColumns);
      if (values.size() != perImage) {
        throw new IllegalArgumentException(where + ": " + values.size() + " pixel values, the model takes " + perImage);
      }
      float[] pixels = new float[perImage];
      for (int i = 0; i < perImage; i++) {
        pixels[i] = values.get(i).floatValue();
      }
      return pixels;
    }
  }
}
