package dev.tfjrunner.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.IdxReader;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.serving.Prediction;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestImages;
import dev.tfjrunner.testing.TestModels;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring on local[2] gives the Classifier's predictions, image by image. */
class SparkScoringTest {

  private static SparkSession spark;
  private static String model;
  private static Classifier classifier;

  @TempDir
  Path temp;

  @BeforeAll
  static void start() {
    model = TestModels.digits().toString();
    spark = SparkCommand.session("tfj-spark test", "local[2]");
    classifier = ModelCache.get(model);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void imageFolderMatchesTheClassifierImageByImage() throws IOException {
    Path folder = temp.resolve("digits");
    LabeledImages digits = TestData.testImages(40);
    for (int i = 0; i < digits.count(); i++) {
      // MNIST-style 28x28 pictures, and every fourth as a pen drawing on paper (the MNIST conversion path).
      BufferedImage picture = i % 4 == 3
          ? TestImages.drawn(digits.image(i), Color.DARK_GRAY, Color.WHITE, 90, 70, 20, 10, 50)
          : TestImages.gray28(digits.image(i));
      write(picture, folder.resolve(Integer.toString(digits.labels()[i])).resolve(i + (i % 2 == 0 ? ".png" : ".bmp")));
    }
    write(TestImages.gray28(digits.image(0)), folder.resolve("unsorted.png"));
    Files.writeString(folder.resolve("notes.txt"), "not a picture, not listed");

    ScoreJob.Summary summary = ScoreJob.run(spark, request(folder.toString(), null, temp.resolve("out").toString(), "parquet"));

    List<Row> rows = spark.read().parquet(temp.resolve("out").toString()).collectAsList();
    assertEquals(41, rows.size());
    assertEquals(41, summary.images());
    long correct = 0;
    for (Row row : rows) {
      Path file = Path.of(URI.create(row.getAs(BatchScorer.PATH)));
      Prediction expected = classifier.classify(file);
      assertEquals(expected.best().id(), (int) row.getAs(BatchScorer.CLASS_ID), file.toString());
      assertEquals(expected.best().name(), row.getAs(BatchScorer.CLASS_NAME));
      // classify predicts one image at a time, Spark a batch: oneDNN's kernels for a batch of one
      // round differently in the last bits (about 2e-7 here), never in the ranking.
      assertEquals(expected.best().probability(), (float) row.getAs(BatchScorer.PROBABILITY), 1e-5f, file.toString());
      List<Row> top = row.getList(row.fieldIndex(BatchScorer.TOP_K));
      assertEquals(5, top.size());
      for (int k = 0; k < top.size(); k++) {
        assertEquals(expected.top().get(k).id(), top.get(k).getInt(0), file + " top " + k);
      }
      if (file.getFileName().toString().equals("unsorted.png")) {
        assertNull(row.getAs(BatchScorer.LABEL));
      } else {
        assertEquals(file.getParent().getFileName().toString(), row.getAs(BatchScorer.LABEL));
        correct += expected.best().name().equals(row.getAs(BatchScorer.LABEL)) ? 1 : 0;
      }
    }
    assertEquals(new BatchScorer.Accuracy(40, correct), summary.accuracy());
  }

  @Test
  void mnistTestIdxMatchesTheClassifierOnEveryImage() throws IOException {
    Path images = TestData.dataDir().resolve("mnist/t10k-images-idx3-ubyte");
    Path labels = TestData.dataDir().resolve("mnist/t10k-labels-idx1-ubyte");
    ScoreJob.Summary summary = ScoreJob.run(spark, request(images.toString(), labels.toString(),
        temp.resolve("mnist.csv").toString(), "csv"));

    LabeledImages test = IdxReader.read(images, labels);
    float[][] expected = classifier.predict(test.pixels());
    Map<Integer, Row> byIndex = new HashMap<>();
    for (Row row : spark.read().option("header", "true").csv(temp.resolve("mnist.csv").toString()).collectAsList()) {
      String path = row.getAs(BatchScorer.PATH);
      byIndex.put(Integer.parseInt(path.substring(path.lastIndexOf('#') + 1)), row);
    }
    assertEquals(10_000, byIndex.size());
    long correct = 0;
    for (int i = 0; i < test.count(); i++) {
      Prediction prediction = classifier.topK(expected[i], 5);
      Row row = byIndex.get(i);
      assertEquals(prediction.best().id(), Integer.parseInt(row.getAs(BatchScorer.CLASS_ID)), "image " + i);
      // Spark's batches of 256 and the Classifier's whole array (both run in chunks of at most 100
      // images) give the same bits; only a single image (classify) rounds differently.
      assertEquals(prediction.best().probability(), Float.parseFloat(row.getAs(BatchScorer.PROBABILITY)));
      assertEquals(Integer.toString(test.labels()[i]), row.getAs(BatchScorer.LABEL));
      assertTrue(((String) row.getAs(BatchScorer.TOP_K)).startsWith("[{\"class_id\":" + prediction.best().id() + ","));
      correct += prediction.best().id() == test.labels()[i] ? 1 : 0;
    }
    assertEquals(new BatchScorer.Accuracy(10_000, correct), summary.accuracy());
    assertTrue(summary.accuracy().value() > 0.85, summary.accuracy().toString());
  }

  @Test
  void anyDataFrameWithAnImageColumn() throws IOException {
    LabeledImages digits = TestData.testImages(300);
    var rows = ImageSources.pixelRows(spark, "mine", digits.pixels(), digits.count(), digits.labels(),
        classifier.classNames()).rows().withColumnRenamed(ImageSources.PIXELS, "image").drop(BatchScorer.PATH);
    // Batches of 7 leave a partial batch in each partition.
    List<Row> scored = BatchScorer.score(rows, "image", ScoreOptions.of(model).withBatchSize(7).withTopK(2)).collectAsList();
    float[][] expected = classifier.predict(digits.pixels());
    assertEquals(300, scored.size());
    for (int i = 0; i < scored.size(); i++) {
      assertEquals(classifier.topK(expected[i], 1).best().id(), (int) scored.get(i).getAs(BatchScorer.CLASS_ID));
      assertEquals(2, scored.get(i).getList(scored.get(i).fieldIndex(BatchScorer.TOP_K)).size());
    }
  }

  private static ScoreJob.Request request(String input, String labels, String output, String format) {
    return new ScoreJob.Request(input, labels, output, format, false, ScoreOptions.of(model));
  }

  private static void write(BufferedImage image, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    String name = file.getFileName().toString();
    assertTrue(ImageIO.write(image, name.substring(name.lastIndexOf('.') + 1), file.toFile()));
  }
}
