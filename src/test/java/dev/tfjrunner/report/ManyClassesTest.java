package dev.tfjrunner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.callbacks.Monitor;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.report.html.RunPage;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report beyond 10 classes of 28x28 digits: 40 and 100 classes, other image sizes, colour images. */
class ManyClassesTest {

  @BeforeAll
  static void headless() {
    Fixtures.useHeadlessAwt();
  }

  private static List<String> names(int classes) {
    return IntStream.range(0, classes).mapToObj(c -> "class number " + c).toList();
  }

  /** A matrix with {@code diagonal} on the diagonal and a few seeded confusions. */
  private static ConfusionMatrix matrix(int classes, int diagonal, Random random) {
    int[][] counts = new int[classes][classes];
    for (int t = 0; t < classes; t++) {
      counts[t][t] = diagonal;
      counts[t][random.nextInt(classes)] += random.nextInt(5);
    }
    return new ConfusionMatrix(counts);
  }

  private static boolean hasInk(BufferedImage image, int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        Color c = new Color(image.getRGB(x, y));
        if (c.getRed() < 100 && c.getGreen() < 100 && c.getBlue() < 100) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void heatmapOf100ClassesGrowsKeepsCellsReadableAndLabelsEveryRow() {
    ConfusionMatrix matrix = matrix(100, 60, new Random(1));
    BufferedImage heatmap = ReportImages.confusionMatrixHeatmap(matrix, names(100));

    int cell = ReportImages.heatmapCell(100);
    assertEquals(16, cell);
    assertEquals(170 + 100 * cell + 130, heatmap.getWidth());
    assertEquals(70 + 100 * cell + 130, heatmap.getHeight());
    for (int c = 0; c < 100; c++) {
      int top = 70 + c * cell;
      // Every row has its label left of the plot, and every column one below it.
      assertTrue(hasInk(heatmap, 0, top + 1, 170 - 4, top + cell - 1), "row label " + c);
      assertTrue(hasInk(heatmap, 170 + c * cell + 1, 70 + 100 * cell + 4, 170 + (c + 1) * cell - 1,
          70 + 100 * cell + 100), "column label " + c);
    }
    // Zero cells stay blank (no "0" text) so the confusions stand out; colour still encodes counts.
    int empty = IntStream.range(1, 100).filter(p -> matrix.count(0, p) == 0).findFirst().orElseThrow();
    int x = 170 + empty * cell;
    assertTrue(!hasInk(heatmap, x + 1, 71, x + cell - 1, 70 + cell - 1), "no text in an empty cell");
    assertEquals(ReportImages.blues((double) matrix.count(5, 5) / matrix.maxCount()),
        new Color(heatmap.getRGB(170 + 5 * cell + 1, 70 + 5 * cell + 1)));
  }

  @Test
  void heatmapOf10ClassesKeepsTheStudysSize() {
    BufferedImage heatmap = ReportImages.confusionMatrixHeatmap(matrix(10, 900, new Random(2)), names(10));
    assertEquals(900, heatmap.getWidth());
    assertEquals(800, heatmap.getHeight());
  }

  @Test
  void pageOf40ClassesListsEveryClassWithItsScores() {
    int classes = 40;
    Random random = new Random(3);
    int[] labels = random.ints(400, 0, classes).toArray();
    float[][] probabilities = new float[labels.length][classes];
    for (int i = 0; i < labels.length; i++) {
      for (int c = 0; c < classes; c++) {
        probabilities[i][c] = random.nextFloat() + (c == labels[i] ? 2f : 0);
      }
    }
    float[] pixels = new float[labels.length * 32 * 32];
    Arrays.fill(pixels, 0.5f);
    EvaluationReport report = EvaluationReport.create(LabeledImages.grayscale(pixels, labels, 32, 32), probabilities,
        names(classes), Fixtures.history(0, 1e-3, 1e-4), 42);
    BestEpoch best = BestEpoch.of(report.history(), Monitor.of("val_accuracy", Monitor.Mode.AUTO, 0)).orElseThrow();

    RenderedReport images = RenderedReport.of(report, best);
    Document page = Jsoup.parse(new RunPage("many classes", List.of(), new RunPage.Table(List.of("Layer"), List.of()),
        report.results(), report.history(), best, List.of()).render().outerHtml());

    List<String> rowNames = new ArrayList<>(page.select("#per-class tbody tr").stream().map(r -> r.child(0).text())
        .toList());
    assertEquals(names(classes), rowNames.subList(0, classes));
    assertEquals(List.of("accuracy", "macro avg", "weighted avg"), rowNames.subList(classes, classes + 3));
    assertTrue(page.selectFirst("#confusion-matrix figcaption").text().contains("40 classes"));
    assertEquals(ReportImages.heatmapCell(classes) * classes + 300, images.confusionMatrix().getWidth());
    // 32x32 images are shown 112 px wide (3.5x) in 190 px cells.
    assertEquals(5 * 190, images.predictions().getWidth());
  }

  @Test
  void gridsShowImagesOfAnySizeAtTheSameScreenSize() {
    float[] pixels = new float[2 * 64 * 48];
    Arrays.fill(pixels, 1f);
    LabeledImages tall = LabeledImages.grayscale(pixels, new int[] {0, 1}, 64, 48);

    BufferedImage grid = ReportImages.predictionGrid(tall, List.of(new Prediction(0, 0, 0, 0.9),
        new Prediction(1, 1, 1, 0.8)), names(2));

    // 64 rows are shown 112 px high, so 48 columns are 84 px wide; cells of 8 + 112 + 4 + 32 + 8 px.
    assertEquals(2 * 190, grid.getWidth());
    assertEquals(40 + 164, grid.getHeight());
    int left = (190 - 84) / 2;
    assertEquals(Color.BLACK, new Color(grid.getRGB(left + 1, 48 + 1)));
    assertEquals(Color.BLACK, new Color(grid.getRGB(left + 83, 48 + 111)));
    assertEquals(Color.WHITE, new Color(grid.getRGB(left + 84 + 2, 48 + 50)));
  }

  @Test
  void colourImagesAreDrawnInColourAndGrayOnesAsInkOnPaper() {
    // 1x2 RGB: a red pixel and a blue one, interleaved.
    BufferedImage rgb = ReportImages.picture(new float[] {1, 0, 0, 0, 0, 1}, 1, 2);
    assertEquals(Color.RED, new Color(rgb.getRGB(0, 0)));
    assertEquals(Color.BLUE, new Color(rgb.getRGB(1, 0)));

    BufferedImage gray = ReportImages.picture(new float[] {0, 1}, 1, 2);
    assertEquals(Color.WHITE, new Color(gray.getRGB(0, 0)));
    assertEquals(Color.BLACK, new Color(gray.getRGB(1, 0)));
  }
}
