package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Conv2D;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.model.layers.Pooling2D;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.testing.ImageFolders;
import dev.tfjrunner.testing.CapturedConsole;
import dev.tfjrunner.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A colour image folder made from real Fashion-MNIST pictures (tinted per class, at random places
 * on 48x48 noisy backgrounds) trains a 3-channel model well above chance, and the SavedModel
 * classifies JPEGs through {@code predict} (one file, and a whole folder into a CSV).
 */
class ColourFolderTest {

  private static final int SIDE = 48;
  private static final int[][] TINTS = {{230, 40, 40}, {40, 200, 40}, {40, 80, 230}, {220, 200, 30}, {200, 40, 200},
      {30, 200, 200}, {250, 130, 20}, {120, 60, 20}, {150, 150, 150}, {90, 20, 140}};

  @TempDir
  Path home;

  private CapturedConsole console;

  @BeforeEach
  void capture() {
    console = new CapturedConsole(home);
  }

  @AfterEach
  void restore() {
    console.close();
  }

  /** The item in its class's tint at a random place on a random light background. */
  private static BufferedImage composite(LabeledImages images, int i, Random random) {
    BufferedImage canvas = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    int base = 150 + random.nextInt(80);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int g = Math.min(255, base + random.nextInt(25));
        canvas.setRGB(x, y, (g << 16) | (g << 8) | Math.min(255, g + 10));
      }
    }
    int[] tint = TINTS[images.labels()[i]];
    int left = random.nextInt(SIDE - 28 + 1);
    int top = random.nextInt(SIDE - 28 + 1);
    float[] item = images.image(i);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        float a = item[y * 28 + x];
        int bg = canvas.getRGB(left + x, top + y);
        int r = Math.round((1 - a) * ((bg >> 16) & 0xff) + a * tint[0]);
        int g = Math.round((1 - a) * ((bg >> 8) & 0xff) + a * tint[1]);
        int b = Math.round((1 - a) * (bg & 0xff) + a * tint[2]);
        canvas.setRGB(left + x, top + y, (r << 16) | (g << 8) | b);
      }
    }
    return canvas;
  }

  /**
   * With no model option the built-in network takes the folder's 48x48 RGB pictures and its four classes: the line
   * that says so, the run's saved model config, summary, report, signature and SavedModel all show that shape.
   */
  @Test
  void withNoModelOptionTheBuiltinNetworkTakesThePicturesShapeAndClasses() throws IOException {
    Dataset fashion = Dataset.load(BuiltinDataset.FASHION, TestData.dataDir());
    LabeledImages images = fashion.test().first(2000);
    int[] four = java.util.stream.IntStream.range(0, images.count()).filter(i -> images.labels()[i] < 4).toArray();
    LabeledImages kept = images.select(four);
    Random random = new Random(7);
    Path train = home.resolve("four/train");
    Path test = home.resolve("four/test");
    for (int i = 0; i < kept.count(); i++) {
      String folder = ImageFolders.folderName(fashion.classNames().get(kept.labels()[i]));
      Path dir = Files.createDirectories((i % 5 == 4 ? test : train).resolve(folder));
      ImageIO.write(composite(kept, i, random), "png", dir.resolve(i + ".png").toFile());
    }
    int trainCount = kept.count() - kept.count() / 5;

    assertEquals(0, TfjCommand.execute("train", "--train-dir", train.toString(), "--test-dir", test.toString(),
        "--epochs", "3", "--batch-size", "32", "--no-tensorboard", "--no-early-stopping", "--threads", "2"),
        console.err());
    String log = console.out();
    assertTrue(log.startsWith(String.format(java.util.Locale.ROOT, "Pictures: %,d of 48x48 rgb in 4 classes;"
        + " training at 48x48 rgb (their size; rgb as some have colour; --image-size, --color-mode to change)\n",
        trainCount)), log);
    Path run = console.run("custom-advanced-");

    Model expected = dev.tfjrunner.model.BuiltinModels.builtin("advanced", Input.of(SIDE, SIDE, 3), 4).model();
    JsonNode config = Json.MAPPER.readTree(run.resolve("model-config.json").toFile()).get("config");
    assertEquals("[null,48,48,3]", config.get("layers").get(0).get("config").get("batch_shape").toString());
    assertEquals(4, config.get("layers").get(config.get("layers").size() - 1).get("config").get("units").asInt());
    assertEquals(expected.toKerasJson(), Files.readString(run.resolve("model-config.json")));
    JsonNode metadata = Json.MAPPER.readTree(run.resolve("final/assets.extra/model.json").toFile());
    assertEquals("[48,48,3]", metadata.get("image_shape").toString());
    assertEquals(expected.summary().totalParameters(), metadata.get("parameter_count").asLong());
    assertEquals("serving_default: image float32 [-1,48,48,3] in [0,1] -> probabilities float32 [-1,4],"
        + " class_id int64 [-1]", metadata.get("signature").asText());
    String page = Files.readString(run.resolve("report/index.html"));
    assertTrue(page.contains("(None, 12, 12, 64)") && page.contains("(None, 4)"), "the report's summary is the fitted one");
    // The SavedModel's own signature, read back by the serving side.
    try (Classifier classifier = Classifier.load(run.resolve("final"))) {
      assertArrayEquals(new int[] {48, 48, 3}, classifier.imageShape());
      assertEquals(4, classifier.numClasses());
      assertTrue(classifier.preparesLikeImageFolders());
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("test_accuracy: ([0-9.]+)").matcher(log);
    assertTrue(m.find(), log);
    console.originalErr().println("built-in on 48x48 rgb, 4 classes: test_accuracy after 3 epochs " + m.group(1));
    assertTrue(Double.parseDouble(m.group(1)) > 0.5, "clearly above chance (0.25): " + m.group(1));

    console.reset();
    Path csv = home.resolve("four.csv");
    assertEquals(0, TfjCommand.execute("predict", "--model", run.resolve("final").toString(), "--dir", test.toString(),
        "--output", csv.toString()), console.err());
    List<String> rows = Files.readAllLines(csv);
    long correct = rows.stream().skip(1).filter(r -> r.split(",")[0].startsWith(r.split(",")[1] + "/")).count();
    assertTrue(correct * 2 > rows.size() - 1, "most test pictures classified right: " + correct + " of " + (rows.size() - 1));
  }

  @Test
  void aColourFolderTrainsAThreeChannelModelAndPredictClassifiesJpegs() throws IOException {
    Dataset fashion = Dataset.load(BuiltinDataset.FASHION, TestData.dataDir());
    LabeledImages images = fashion.test().first(2020);
    Random random = new Random(5);
    Path train = home.resolve("colour/train");
    Path unseen = Files.createDirectories(home.resolve("colour/unseen"));
    for (int i = 0; i < images.count(); i++) {
      String folder = ImageFolders.folderName(fashion.classNames().get(images.labels()[i]));
      BufferedImage picture = composite(images, i, random);
      if (i >= 2000) {
        ImageIO.write(picture, "jpg", unseen.resolve(i + "-" + folder + ".jpg").toFile());
      } else {
        Path dir = Files.createDirectories(train.resolve(folder));
        ImageIO.write(picture, i % 4 == 0 ? "jpg" : "png", dir.resolve(i + (i % 4 == 0 ? ".jpg" : ".png")).toFile());
      }
    }
    Path model = Files.writeString(home.resolve("colour-cnn.json"), Sequential.of("colour_cnn", Input.of(SIDE, SIDE, 3),
        Conv2D.of(16, 3).activation(Activation.RELU), Pooling2D.max(2), Conv2D.of(32, 3).activation(Activation.RELU),
        Pooling2D.max(2), Flatten.of(), Dense.of(10).activation(Activation.SOFTMAX)).toKerasJson());

    assertEquals(0, TfjCommand.execute("train", "--train-dir", train.toString(), "--model", model.toString(),
        "--epochs", "3", "--batch-size", "32", "--no-tensorboard", "--no-early-stopping", "--threads", "2",
        "--dataset-name", "colour"), console.err());
    Path run = console.run("");
    JsonNode history = Json.MAPPER.readTree(run.resolve("history.json").toFile());
    JsonNode epochs = history.get("epochs");
    double valAccuracy = epochs.get(epochs.size() - 1).get("logs").get("val_accuracy").asDouble();
    console.originalErr().println("colour folder: val_accuracy after 3 epochs " + valAccuracy);
    assertTrue(valAccuracy > 0.5, "clearly above chance (0.1): " + valAccuracy);

    console.reset();
    Path jpeg;
    try (Stream<Path> files = Files.list(unseen)) {
      jpeg = files.sorted().findFirst().orElseThrow();
    }
    assertEquals(0, TfjCommand.execute("predict", "--model", run.resolve("final").toString(), "--png", jpeg.toString()),
        console.err());
    assertTrue(console.out().matches(java.util.regex.Pattern.quote(jpeg.toString())
        + ": \\d \\([^)]+\\) [01]\\.\\d{4}\\R"), console.out());

    console.reset();
    Path csv = home.resolve("predictions.csv");
    assertEquals(0, TfjCommand.execute("predict", "--model", run.resolve("final").toString(), "--dir", unseen.toString(),
        "--top", "3", "--output", csv.toString()), console.err());
    assertTrue(console.out().contains("20 pictures from " + unseen + " classified in"),
        console.out());
    List<String> rows = Files.readAllLines(csv);
    assertEquals("file,class,probability,top_k", rows.get(0));
    assertEquals(21, rows.size());
    long correct = rows.stream().skip(1).filter(r -> r.split(",")[0].endsWith("-" + r.split(",")[1] + ".jpg")).count();
    assertTrue(correct >= 10, "most unseen JPEGs classified right: " + correct + " of 20\n" + String.join("\n", rows));
    assertEquals(3, rows.get(1).split(",")[3].split(";").length);
  }
}
