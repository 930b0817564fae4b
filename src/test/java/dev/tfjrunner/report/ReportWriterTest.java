package dev.tfjrunner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.Json;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  @BeforeAll
  static void headless() {
    Fixtures.useHeadlessAwt();
  }

  /** 300 random 28x28 "Fashion-MNIST" images, about 70% right, trained 6 epochs with one lr drop. */
  private static EvaluationReport fashionReport() {
    Random random = new Random(7);
    int[] labels = Fixtures.randomLabels(300, random);
    return EvaluationReport.create(Fixtures.randomImages(labels, random), Fixtures.randomProbabilities(labels, random),
        Fixtures.FASHION_NAMES, Fixtures.history(0, 1e-3, 1e-3, 1e-3, 1e-4, 1e-4, 1e-4), 42);
  }

  @Test
  void writesEveryFileAsAReadablePngJsonOrText(@TempDir Path dir) throws IOException {
    EvaluationReport report = fashionReport();
    Path out = dir.resolve("report");

    List<Path> written = write(report, out);

    assertEquals(8, written.size());
    for (Path file : written) {
      assertTrue(Files.isRegularFile(file), file + " exists");
    }
    // Only the report's files: no temporary siblings left behind.
    try (var listing = Files.list(out)) {
      assertEquals(8, listing.count());
    }
    assertPng(out.resolve(ReportWriter.CONFUSION_MATRIX_PNG), 900, 800);
    assertPng(out.resolve(ReportWriter.LOSS_PNG), 800, 500);
    assertPng(out.resolve(ReportWriter.ACCURACY_PNG), 800, 500);
    assertPng(out.resolve(ReportWriter.LR_PNG), 800, 500);
    // 5x5 cells of 190 x (8 + 4*28 + 4 + 2*16 + 8 = 164) px under a 40 px title.
    assertPng(out.resolve(ReportWriter.PREDICTIONS_PNG), 5 * 190, 40 + 5 * 164);
    // 16 errors: 4x4 cells.
    assertPng(out.resolve(ReportWriter.MOST_CONFIDENT_ERRORS_PNG), 4 * 190, 40 + 4 * 164);
  }

  @Test
  void reportJsonReadsBackToTheSameResults(@TempDir Path dir) throws IOException {
    EvaluationReport report = fashionReport();
    write(report, dir);

    Path json = dir.resolve(ReportWriter.REPORT_JSON);
    JsonNode tree = Json.MAPPER.readTree(json.toFile());
    double accuracy = report.results().metrics().accuracy();
    assertEquals(accuracy, tree.path("metrics").path("accuracy").asDouble(), 0);
    assertEquals(0.7, accuracy, 0.1);
    assertEquals(300, tree.path("metrics").path("macro_average").path("support").asInt());
    assertEquals(4, tree.path("lr_reductions").get(0).path("epoch").asInt());
    assertEquals(16, tree.path("most_confident_errors").size());
    assertEquals(report.results(), Json.read(json, EvaluationResults.class));
  }

  @Test
  void reportTextHoldsAnAlignedConfusionTable(@TempDir Path dir) throws IOException {
    EvaluationReport report = fashionReport();
    write(report, dir);

    List<String> lines = Files.readAllLines(dir.resolve(ReportWriter.REPORT_TXT));
    int header = lines.indexOf("Confusion matrix (rows: true class, columns: predicted class)");
    List<String> table = lines.subList(header + 2, header + 13);
    assertTrue(table.get(0).startsWith("true \\ predicted"), table.get(0));
    for (String row : table) {
      assertEquals(table.get(0).length(), row.length(), "'" + row + "'");
    }
    assertTrue(lines.contains(String.format("Accuracy: %.4f", report.results().metrics().accuracy())));
    assertTrue(lines.contains("  epoch 4: 0.001 -> 0.0001"), String.join("\n", lines));
  }

  @Test
  void heatmapColoursCellsByCount() {
    ConfusionMatrix matrix = new ConfusionMatrix(new int[][] {{50, 2, 0}, {4, 60, 9}, {7, 0, 80}});

    BufferedImage heatmap = ReportImages.confusionMatrixHeatmap(matrix, List.of("a", "b", "c"));

    assertEquals(900, heatmap.getWidth());
    assertEquals(800, heatmap.getHeight());
    // 3 classes: 200 px cells from (170, 70); sample a corner of a cell, away from its number.
    assertEquals(ReportImages.blues(1), new Color(heatmap.getRGB(170 + 2 * 200 + 5, 70 + 2 * 200 + 5)));
    assertEquals(ReportImages.blues(0), new Color(heatmap.getRGB(170 + 2 * 200 + 5, 70 + 5)));
    assertEquals(ReportImages.blues(60 / 80.0), new Color(heatmap.getRGB(170 + 200 + 5, 70 + 200 + 5)));
  }

  @Test
  void predictionGridFramesWrongPredictionsInRed() {
    float[] pixels = new float[2 * 28 * 28];
    Arrays.fill(pixels, 1f);
    LabeledImages images = LabeledImages.grayscale(pixels, new int[] {3, 4}, 28, 28);
    List<Prediction> predictions = List.of(new Prediction(0, 3, 3, 0.9), new Prediction(1, 4, 7, 0.8));

    BufferedImage grid = ReportImages.predictionGrid(images, predictions, Fixtures.FASHION_NAMES);

    assertEquals(2 * 190, grid.getWidth());
    assertEquals(40 + 164, grid.getHeight());
    // Image of the first cell at x = (190 - 112) / 2 = 39, y = 40 + 8; ink 1.0 is black.
    assertEquals(Color.BLACK, new Color(grid.getRGB(39 + 50, 48 + 50)));
    // The frame 2 px left of the image: none for the right prediction, red for the wrong one.
    assertEquals(Color.WHITE, new Color(grid.getRGB(39 - 2, 48 + 50)));
    Color frame = new Color(grid.getRGB(190 + 39 - 2, 48 + 50));
    assertTrue(frame.getRed() > 150 && frame.getGreen() < 80 && frame.getBlue() < 80, frame.toString());
  }

  private static List<Path> write(EvaluationReport report, Path dir) throws IOException {
    return ReportWriter.write(report, RenderedReport.of(report, null), dir);
  }

  private static void assertPng(Path file, int width, int height) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(width, image.getWidth(), file + " width");
    assertEquals(height, image.getHeight(), file + " height");
  }
}
