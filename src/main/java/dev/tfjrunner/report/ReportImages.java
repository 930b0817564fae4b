package dev.tfjrunner.report;

import dev.tfjrunner.data.LabeledImages;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The report's pictures drawn with Java2D (no display needed: run with
 * {@code java.awt.headless=true}): the confusion matrix as a heatmap, and grids of test images
 * captioned with their predicted and true classes.
 */
public final class ReportImages {

  /**
   * Displayed test images are this many pixels on their longer side (nearest-neighbour enlarged,
   * smoothly reduced), so a 28x28 digit is drawn 4x at 112 px.
   */
  public static final int IMAGE_SIZE = 112;
  /** Wide enough for "pred: Ankle boot (99.9%)"; longer captions are shortened. */
  public static final int MIN_GRID_CELL_WIDTH = 190;
  public static final int GRID_TITLE_HEIGHT = 40;

  private static final int HEATMAP_LEFT = 170;
  private static final int HEATMAP_TOP = 70;
  /** The plot of up to 37 classes; more get {@link #MIN_CELL} px cells and a bigger plot. */
  private static final int HEATMAP_PLOT_SIZE = 600;
  private static final int MIN_CELL = 16;
  /** Below and right of the plot: the rotated column labels and axis title, and the colour bar. */
  private static final int HEATMAP_MARGIN = 130;
  /** Rotated, this fills the space between the plot and the axis title. */
  private static final int COLUMN_LABEL_LENGTH = 110;
  /** More classes than this get upright (90 degree) column labels and no zero counts. */
  private static final int DENSE_CLASSES = 20;
  private static final int COLOR_BAR_GAP = 30;
  private static final int COLOR_BAR_WIDTH = 20;
  private static final int COLOR_BAR_TICKS = 4;

  private static final int GRID_PADDING = 8;
  private static final int CAPTION_GAP = 4;
  private static final int CAPTION_LINE_HEIGHT = 16;
  private static final int CAPTION_LINES = 2;

  private static final Color TEXT = new Color(30, 30, 30);
  private static final Color CORRECT = new Color(31, 80, 180);
  private static final Color WRONG = new Color(205, 20, 20);
  private static final Color GRID_LINE = new Color(220, 220, 220);
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final int MIN_FONT_SIZE = 8;
  private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  /** matplotlib's "Blues" colour map at 0, 1/8, ..., 1 (sklearn's ConfusionMatrixDisplay default). */
  private static final Color[] BLUES = {
      new Color(247, 251, 255), new Color(222, 235, 247), new Color(198, 219, 239), new Color(158, 202, 225),
      new Color(107, 174, 214), new Color(66, 146, 198), new Color(33, 113, 181), new Color(8, 81, 156),
      new Color(8, 48, 107)};

  private ReportImages() {}

  /** Side of one heatmap cell for {@code n} classes. */
  static int heatmapCell(int n) {
    return Math.max(MIN_CELL, HEATMAP_PLOT_SIZE / n);
  }

  /**
   * The matrix as a heatmap: cell colour linear in the count (scale on the right), the count
   * written in each cell it fits in, class names on both axes. 10 classes make a 900x800 image;
   * above 37 classes the cells stay {@value #MIN_CELL} px and the image grows, label fonts shrink
   * with the cells, and zero counts are left blank so the non-zero ones stand out.
   */
  public static BufferedImage confusionMatrixHeatmap(ConfusionMatrix matrix, List<String> classNames) {
    matrix.requireNames(classNames);
    int n = matrix.numClasses();
    int cell = heatmapCell(n);
    int plot = cell * n;
    int width = HEATMAP_LEFT + plot + HEATMAP_MARGIN;
    int height = HEATMAP_TOP + plot + HEATMAP_MARGIN;
    int maxCount = Math.max(1, matrix.maxCount());
    boolean dense = n > DENSE_CLASSES;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);

    int total = matrix.total();
    g.setColor(TEXT);
    String title = String.format(Locale.ROOT, "Confusion matrix: %,d of %,d correct (%.2f%%)", matrix.correct(), total,
        total == 0 ? 0.0 : 100.0 * matrix.correct() / total);
    drawCentered(g, title, TITLE_FONT, width / 2, HEATMAP_TOP / 2);

    Font countFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(MIN_FONT_SIZE, Math.min(16, cell / 4)));
    FontMetrics countMetrics = g.getFontMetrics(countFont);
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        int count = matrix.count(t, p);
        double fraction = (double) count / maxCount;
        int x = HEATMAP_LEFT + p * cell;
        int y = HEATMAP_TOP + t * cell;
        g.setColor(blues(fraction));
        g.fillRect(x, y, cell, cell);
        g.setColor(GRID_LINE);
        g.drawRect(x, y, cell, cell);
        String text = Integer.toString(count);
        if ((count > 0 || !dense) && countMetrics.stringWidth(text) <= cell - 2) {
          // Dark cells get white digits so the count stays readable.
          g.setColor(fraction > 0.5 ? Color.WHITE : TEXT);
          drawCentered(g, text, countFont, x + cell / 2, y + cell / 2);
        }
      }
    }

    // Labels as large as the 14 px default, but no taller than a cell, so neighbours never overlap.
    g.setFont(LABEL_FONT.deriveFont((float) Math.max(MIN_FONT_SIZE, Math.min(LABEL_FONT.getSize(), cell * 3 / 4))));
    g.setColor(TEXT);
    FontMetrics metrics = g.getFontMetrics();
    int labelSpace = HEATMAP_LEFT - 45;
    double columnAngle = dense ? -Math.PI / 2 : -Math.PI / 4;
    for (int c = 0; c < n; c++) {
      String name = fit(classNames.get(c), metrics, labelSpace);
      int rowCenter = HEATMAP_TOP + c * cell + cell / 2;
      g.drawString(name, HEATMAP_LEFT - 8 - metrics.stringWidth(name), baseline(metrics, rowCenter));
      // Column labels turned and ending under their column, as matplotlib's rotated ticks.
      // Upright labels reach further down than turned ones: keep them clear of the axis title.
      String columnName = fit(classNames.get(c), metrics, dense ? COLUMN_LABEL_LENGTH * 3 / 4 : COLUMN_LABEL_LENGTH);
      AffineTransform saved = g.getTransform();
      g.translate(HEATMAP_LEFT + c * cell + cell / 2.0, HEATMAP_TOP + plot + 10);
      g.rotate(columnAngle);
      g.drawString(columnName, -metrics.stringWidth(columnName), metrics.getAscent() / 2);
      g.setTransform(saved);
    }
    drawCentered(g, "Predicted label", LABEL_FONT, HEATMAP_LEFT + plot / 2, height - 20);
    AffineTransform saved = g.getTransform();
    g.translate(20, HEATMAP_TOP + plot / 2.0);
    g.rotate(-Math.PI / 2);
    drawCentered(g, "True label", LABEL_FONT, 0, 0);
    g.setTransform(saved);

    drawColorBar(g, HEATMAP_LEFT + plot + COLOR_BAR_GAP, HEATMAP_TOP, plot, maxCount);
    g.dispose();
    return image;
  }

  /** Test images with "pred" and "true" captions; wrong predictions in red with a red frame. */
  public static BufferedImage predictionGrid(LabeledImages images, List<Prediction> predictions, List<String> classNames) {
    return grid("Test images: predicted and true class (red: wrong)", images, predictions, classNames);
  }

  /** Misclassified test images, captioned like {@link #predictionGrid}. */
  public static BufferedImage errorGrid(LabeledImages images, List<Prediction> errors, List<String> classNames) {
    return grid("Most confident errors", images, errors, classNames);
  }

  /**
   * A grid of ceil(sqrt(count)) columns, each cell {@code max(MIN_GRID_CELL_WIDTH, shown width + 16)}
   * wide and {@code shown height + 52} high, under a {@value #GRID_TITLE_HEIGHT} px title; images
   * are shown {@value #IMAGE_SIZE} px on their longer side.
   */
  private static BufferedImage grid(String title, LabeledImages images, List<Prediction> predictions,
      List<String> classNames) {
    int columns = Math.max(1, (int) Math.ceil(Math.sqrt(predictions.size())));
    int rows = Math.max(1, (predictions.size() + columns - 1) / columns);
    double scale = (double) IMAGE_SIZE / Math.max(images.height(), images.width());
    int imageWidth = (int) Math.round(images.width() * scale);
    int imageHeight = (int) Math.round(images.height() * scale);
    int cellWidth = Math.max(MIN_GRID_CELL_WIDTH, imageWidth + 2 * GRID_PADDING);
    int cellHeight = GRID_PADDING + imageHeight + CAPTION_GAP + CAPTION_LINES * CAPTION_LINE_HEIGHT + GRID_PADDING;
    BufferedImage image = new BufferedImage(columns * cellWidth, GRID_TITLE_HEIGHT + rows * cellHeight,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    if (scale < 1) {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }
    g.setColor(TEXT);
    drawCentered(g, predictions.isEmpty() ? title + ": none" : title, TITLE_FONT, image.getWidth() / 2,
        GRID_TITLE_HEIGHT / 2);

    g.setFont(CAPTION_FONT);
    FontMetrics metrics = g.getFontMetrics();
    for (int i = 0; i < predictions.size(); i++) {
      Prediction prediction = predictions.get(i);
      int left = (i % columns) * cellWidth;
      int top = GRID_TITLE_HEIGHT + (i / columns) * cellHeight;
      int x = left + (cellWidth - imageWidth) / 2;
      int y = top + GRID_PADDING;
      g.drawImage(picture(images.image(prediction.index()), images.height(), images.width()), x, y, imageWidth, imageHeight, null);
      Color color = prediction.correct() ? CORRECT : WRONG;
      if (!prediction.correct()) {
        g.setColor(WRONG);
        g.setStroke(new BasicStroke(3));
        g.drawRect(x - 2, y - 2, imageWidth + 3, imageHeight + 3);
      }
      String predicted = String.format(Locale.ROOT, "pred: %s (%.1f%%)",
          classNames.get(prediction.predictedClass()), 100 * prediction.probability());
      String actual = "true: " + classNames.get(prediction.trueClass());
      int captionTop = y + imageHeight + CAPTION_GAP;
      int textSpace = cellWidth - 2 * GRID_PADDING;
      g.setColor(color);
      drawCentered(g, fit(predicted, metrics, textSpace), CAPTION_FONT, left + cellWidth / 2,
          captionTop + CAPTION_LINE_HEIGHT / 2);
      drawCentered(g, fit(actual, metrics, textSpace), CAPTION_FONT, left + cellWidth / 2,
          captionTop + CAPTION_LINE_HEIGHT + CAPTION_LINE_HEIGHT / 2);
    }
    g.dispose();
    return image;
  }

  /**
   * One image ({@code height x width} pixels in [0, 1], 1 or 3 channels interleaved as NHWC
   * tensors hold them) at its own size: one channel with ink dark on white (matplotlib's "binary"
   * map, as the study shows digits), three channels as RGB.
   */
  static BufferedImage picture(float[] pixels, int height, int width) {
    int size = height * width;
    int channels = pixels.length / size;
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("images with " + channels + " channels cannot be drawn (1 or 3)");
    }
    BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < size; i++) {
      int rgb = 0;
      for (int c = 0; c < 3; c++) {
        int level = Math.round(255 * Math.min(1f, Math.max(0f, pixels[i * channels + (channels == 3 ? c : 0)])));
        rgb = (rgb << 8) | (channels == 1 ? 255 - level : level);
      }
      picture.setRGB(i % width, i / width, rgb);
    }
    return picture;
  }

  private static void drawColorBar(Graphics2D g, int x, int top, int height, int maxCount) {
    for (int dy = 0; dy < height; dy++) {
      g.setColor(blues(1 - (double) dy / (height - 1)));
      g.drawLine(x, top + dy, x + COLOR_BAR_WIDTH, top + dy);
    }
    g.setColor(TEXT);
    g.setStroke(new BasicStroke(1));
    g.drawRect(x, top, COLOR_BAR_WIDTH, height);
    g.setFont(CAPTION_FONT);
    FontMetrics metrics = g.getFontMetrics();
    for (int i = 0; i <= COLOR_BAR_TICKS; i++) {
      double fraction = (double) i / COLOR_BAR_TICKS;
      int y = top + (int) Math.round((1 - fraction) * height);
      g.drawLine(x + COLOR_BAR_WIDTH, y, x + COLOR_BAR_WIDTH + 4, y);
      g.drawString(Long.toString(Math.round(fraction * maxCount)), x + COLOR_BAR_WIDTH + 8, baseline(metrics, y));
    }
  }

  /** The "Blues" colour at {@code fraction} in [0, 1], interpolated between the stops. */
  static Color blues(double fraction) {
    double position = Math.min(1, Math.max(0, fraction)) * (BLUES.length - 1);
    int lower = Math.min((int) position, BLUES.length - 2);
    double t = position - lower;
    Color a = BLUES[lower];
    Color b = BLUES[lower + 1];
    return new Color(mix(a.getRed(), b.getRed(), t), mix(a.getGreen(), b.getGreen(), t), mix(a.getBlue(), b.getBlue(), t));
  }

  private static int mix(int from, int to, double t) {
    return (int) Math.round(from + (to - from) * t);
  }

  /** A white canvas with anti-aliased text and nearest-neighbour image scaling. */
  private static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    return g;
  }

  /** Draws {@code text} centred on (centerX, centerY) in the current colour. */
  private static void drawCentered(Graphics2D g, String text, Font font, int centerX, int centerY) {
    g.setFont(font);
    FontMetrics metrics = g.getFontMetrics();
    g.drawString(text, centerX - metrics.stringWidth(text) / 2, baseline(metrics, centerY));
  }

  /** The baseline that centres a line of text vertically on {@code centerY}. */
  private static int baseline(FontMetrics metrics, int centerY) {
    return centerY + (metrics.getAscent() - metrics.getDescent()) / 2;
  }

  /** {@code text}, shortened with an ellipsis until it is at most {@code width} pixels wide. */
  private static String fit(String text, FontMetrics metrics, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String cut = text;
    while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }
}
