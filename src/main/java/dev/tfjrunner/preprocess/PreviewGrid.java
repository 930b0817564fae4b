package dev.tfjrunner.preprocess;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A labelled grid of grayscale or colour images, one row per stage (original, preprocessed, augmented ...),
 * each image scaled up by pixel repetition so single pixels stay visible.
 */
public final class PreviewGrid {

  /** One row: its label and {@code count * h * w * channels} values, image after image. */
  public record Row(String label, float[] pixels) {}

  private static final int MARGIN = 12;
  private static final int GAP = 4;
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private PreviewGrid() {}

  /**
   * Draws {@code rows} of {@code count} h x w images of 1 (gray), 3 (RGB) or 4 (RGBA, shown without the alpha)
   * channels, {@code scale} screen pixels per image pixel, with {@code note} under the grid. Values are shown
   * clipped to [0, 1] (black to white): sharpening leaves some outside, which the network sees unclipped.
   */
  public static BufferedImage render(List<Row> rows, int count, int h, int w, int channels, int scale, String note) {
    FontMetrics labels = metrics(LABEL_FONT);
    FontMetrics notes = metrics(NOTE_FONT);
    int labelWidth = rows.stream().mapToInt(r -> labels.stringWidth(r.label())).max().orElse(0) + MARGIN;
    int cell = GAP + h * scale;
    int width = Math.max(MARGIN + labelWidth + count * (w * scale + GAP) - GAP + MARGIN,
        2 * MARGIN + notes.stringWidth(note));
    int height = MARGIN + rows.size() * cell - GAP + MARGIN + notes.getHeight() + MARGIN / 2;

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      for (int r = 0; r < rows.size(); r++) {
        int top = MARGIN + r * cell;
        g.setColor(Color.DARK_GRAY);
        g.setFont(LABEL_FONT);
        g.drawString(rows.get(r).label(), MARGIN, top + (h * scale + labels.getAscent() - labels.getDescent()) / 2);
        for (int i = 0; i < count; i++) {
          drawImage(image, rows.get(r).pixels(), i * h * w * channels, h, w, channels, scale,
              MARGIN + labelWidth + i * (w * scale + GAP), top);
        }
      }
      g.setColor(Color.GRAY);
      g.setFont(NOTE_FONT);
      g.drawString(note, MARGIN, MARGIN + rows.size() * cell - GAP + MARGIN + notes.getAscent());
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawImage(BufferedImage target, float[] pixels, int offset, int h, int w, int channels, int scale,
      int left, int top) {
    for (int y = 0; y < h * scale; y++) {
      for (int x = 0; x < w * scale; x++) {
        int at = offset + ((y / scale) * w + x / scale) * channels;
        int r = level(pixels[at]);
        int g = channels >= 3 ? level(pixels[at + 1]) : r;
        int b = channels >= 3 ? level(pixels[at + 2]) : r;
        target.setRGB(left + x, top + y, r << 16 | g << 8 | b);
      }
    }
  }

  private static int level(float v) {
    return Math.round(Math.min(1f, Math.max(0f, v)) * 255);
  }

  private static FontMetrics metrics(Font font) {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      return g.getFontMetrics(font);
    } finally {
      g.dispose();
    }
  }
}
