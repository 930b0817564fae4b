package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.report.ClassificationMetrics;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.testing.CapturedConsole;
import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Keras model file used where a model is used: predict, evaluate, summary and export convert it
 * once (cached by content) to a serving SavedModel whose probabilities are Keras's own
 * {@code model.predict} outputs (scripts/keras-fixtures/make_weights.sh); a bad file is one line,
 * exit 1 and nothing written.
 */
class KerasModelFilesTest {

  private static final Path DIR = Path.of("src/test/resources/keras/weights");
  private static final int IMAGES = 100;

  @TempDir
  Path home;

  private static float[][] kerasProbabilities() throws IOException {
    JsonNode expected = Json.MAPPER.readTree(DIR.resolve("seq_cnn.predictions.json").toFile()).get("probabilities");
    float[][] out = new float[IMAGES][10];
    for (int i = 0; i < IMAGES; i++) {
      for (int c = 0; c < 10; c++) {
        out[i][c] = (float) expected.get(i).get(c).asDouble();
      }
    }
    return out;
  }

  private static double worst(float[][] a, float[][] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      for (int c = 0; c < a[i].length; c++) {
        worst = Math.max(worst, Math.abs(a[i][c] - b[i][c]));
      }
    }
    return worst;
  }

  private List<Path> cached() throws IOException {
    Path cache = home.resolve(".cache/keras");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(cache)) {
      return dirs.toList();
    }
  }

  /** The exported SavedModel, loaded by the Classifier, gives Keras's probabilities from every file form. */
  @ParameterizedTest
  @ValueSource(strings = {"seq_cnn.keras", "seq_cnn.h5", "seq_cnn.json+seq_cnn.weights.h5"})
  void exportedSavedModelGivesKerasProbabilities(String files) throws Exception {
    String[] parts = files.split("\\+");
    Path target = home.resolve("exported");
    try (CapturedConsole console = new CapturedConsole(home)) {
      List<String> args = new java.util.ArrayList<>(List.of("export", "--model", DIR.resolve(parts[0]).toString(),
          "--to", target.toString()));
      if (parts.length > 1) {
        args.addAll(List.of("--weights", DIR.resolve(parts[1]).toString()));
      }
      assertEquals(0, TfjCommand.execute(args.toArray(String[]::new)), console.err());
      assertTrue(console.out().contains("Converted "), console.out());
    }
    try (Classifier classifier = Classifier.load(target)) {
      assertArrayEquals(new int[] {28, 28, 1}, classifier.imageShape());
      float[][] probabilities = classifier.predict(TestData.testImages(IMAGES).pixels());
      assertEquals(0, worst(probabilities, kerasProbabilities()), 1e-5, "largest |tfj - Keras| probability");
    }
    JsonNode metadata = Json.MAPPER.readTree(target.resolve("assets.extra/model.json").toFile());
    assertEquals("0-1", metadata.get(InputRange.KEY).asText());
  }

  /** predict --model my.keras converts once: the second call uses the cache; its lines carry Keras's probabilities. */
  @Test
  void predictConvertsOnceAndPrintsKerasProbabilities() throws Exception {
    Path images = home.resolve("images.idx");
    LabeledImages first = TestData.testImages(IMAGES);
    TestData.writeIdx(first, images, home.resolve("labels.idx"));
    float[][] keras = kerasProbabilities();
    for (String word : new String[] {"Converted ", "Using "}) {
      try (CapturedConsole console = new CapturedConsole(home)) {
        assertEquals(0, TfjCommand.execute("predict", "--model", DIR.resolve("seq_cnn.keras").toString(), "--idx",
            images.toString(), "--limit", "100"), console.err());
        assertTrue(console.out().contains(word), console.out());
        Matcher m = Pattern.compile("#(\\d+): (\\d) \\(\\S+\\) ([0-9.]+)").matcher(console.out());
        int lines = 0;
        while (m.find()) {
          int i = Integer.parseInt(m.group(1));
          int best = Integer.parseInt(m.group(2));
          assertEquals(keras[i][best], Double.parseDouble(m.group(3)), 5e-5 + 1e-5, "image " + i);
          for (float p : keras[i]) {
            assertTrue(p <= keras[i][best] + 1e-5, "image " + i + ": class " + best + " is Keras's most probable");
          }
          lines++;
        }
        assertEquals(IMAGES, lines, console.out());
      }
    }
    assertEquals(1, cached().size(), "one cached conversion");
  }

  /** --input-range 0-255 is recorded; the Classifier multiplies its [0, 1] pixels by 255, the SavedModel does not. */
  @Test
  void inputRangeIsRecordedAndAppliedByTheClassifier() throws Exception {
    Path unit = home.resolve("unit");
    Path bytes = home.resolve("bytes");
    try (CapturedConsole console = new CapturedConsole(home)) {
      String model = DIR.resolve("seq_cnn.keras").toString();
      assertEquals(0, TfjCommand.execute("export", "--model", model, "--to", unit.toString()), console.err());
      assertEquals(0, TfjCommand.execute("export", "--model", model, "--input-range", "0-255", "--to",
          bytes.toString()), console.err());
    }
    assertEquals(2, cached().size(), "the range is part of the cache key");
    assertEquals(InputRange.BYTE, ServingExporter.inputRange(bytes));
    float[] pixels = TestData.testImages(10).pixels();
    float[] scaled = pixels.clone();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] *= 255;
    }
    try (Classifier byteModel = Classifier.load(bytes); Classifier unitModel = Classifier.load(unit)) {
      assertEquals(0, worst(byteModel.predict(pixels), unitModel.predict(scaled)), 0);
    }
  }

  /** evaluate --model FILE on a built-in data set: the Classifier's metrics on its test images. */
  @Test
  void evaluateAKerasFileOnABuiltInDataSet() throws Exception {
    Files.createSymbolicLink(home.resolve("data"), TestData.dataDir().toAbsolutePath());
    String out;
    try (CapturedConsole console = new CapturedConsole(home)) {
      assertEquals(0, TfjCommand.execute("evaluate", "--model", DIR.resolve("seq_cnn.h5").toString(),
          "--dataset", "mnist"), console.err());
      out = console.out();
    }
    float[][] probabilities;
    try (Classifier classifier = Classifier.load(cached().get(0))) {
      probabilities = classifier.predict(TestData.mnist().test());
    }
    ClassificationMetrics metrics = ClassificationMetrics.compute(TestData.mnist().test().labels(), probabilities, 10);
    assertTrue(out.contains(String.format(java.util.Locale.ROOT, "(10000 test images): test_loss: %.4f - test_accuracy:"
        + " %.4f", metrics.loss(), metrics.accuracy())), out);
  }

  @Test
  void summaryReadsAndChecksTheWeights() throws Exception {
    try (CapturedConsole console = new CapturedConsole(home)) {
      assertEquals(0, TfjCommand.execute("summary", "--model", DIR.resolve("seq_cnn.h5").toString()), console.err());
      assertTrue(console.out().contains("seq_cnn.h5: the weights were read and match the layers (Keras 3.15.1)"),
          console.out());
      assertFalse(console.out().contains("were not"), console.out());
      assertTrue(console.out().contains("Non-trainable params: 12"), console.out());
    }
  }

  /** An --input-range that contradicts the model's own Rescaling: one line, exit 1, nothing cached or written. */
  @Test
  void anInputRangeAgainstTheModelsRescalingIsOneLine() throws Exception {
    try (CapturedConsole console = new CapturedConsole(home)) {
      assertEquals(1, TfjCommand.execute("export", "--model", DIR.resolve("func_cnn.keras").toString(),
          "--input-range", "0-1", "--to", home.resolve("out").toString()), console.err());
      assertEquals("error: func_cnn.keras: model 'func_cnn' rescales its input from 0-255 itself (its leading"
          + " Rescaling layer); input range 0-1 contradicts it", console.err().strip());
    }
    assertEquals(List.of(), cached(), "no cached conversion");
    assertFalse(Files.exists(home.resolve("out")), "no exported SavedModel");
  }

  /** Each bad file: one line naming the file, the layer path and the problem; exit 1; no cache, CSV or SavedModel. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "seq_cnn-truncated.keras||seq_cnn-truncated.keras: a truncated or corrupt .keras archive",
      "not-keras.h5||not-keras.h5: an HDF5 file that is not a Keras model",
      "seq_cnn-npz.keras||seq_cnn-npz.keras: model.weights.npz",
      "seq_cnn.json|func_cnn.weights.h5|func_cnn.weights.h5: layer 'conv2d' (Conv2D): weight",
      "seq_cnn.weights.h5||seq_cnn.weights.h5: a weights-only file holds no model"})
  void badFileIsOneLineAndWritesNothing(String model, String weights, String expected) throws Exception {
    Files.createDirectories(home.resolve("pics"));
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
        "png", home.resolve("pics/a.png").toFile());
    for (String command : new String[] {"predict", "export"}) {
      try (CapturedConsole console = new CapturedConsole(home)) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--model", DIR.resolve(model).toString()));
        args.addAll(command.equals("predict")
            ? List.of("--dir", home.resolve("pics").toString(), "--output", home.resolve("p.csv").toString())
            : List.of("--to", home.resolve("out").toString()));
        if (weights != null) {
          args.addAll(List.of("--weights", DIR.resolve(weights).toString()));
        }
        assertEquals(1, TfjCommand.execute(args.toArray(String[]::new)), console.err());
        String err = console.err();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: " + expected), err);
      }
      assertEquals(List.of(), cached(), "no cached conversion");
      assertFalse(Files.exists(home.resolve("p.csv")), "no predictions CSV");
      assertFalse(Files.exists(home.resolve("out")), "no exported SavedModel");
    }
  }
}
