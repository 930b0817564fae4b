package dev.tfjrunner.serving;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Turns a picture of any size into what a model of input [h, w, c] takes: resized (bilinear) to
 * h x w, then gray levels (c = 1, luminance as {@link MnistFormat#gray}) or RGB (c = 3), in [0, 1].
 */
public final class PictureFormat {

  private PictureFormat() {}

  public static float[] convert(BufferedImage image, int height, int width, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("pictures convert to 1 or 3 channels, the model takes " + channels);
    }
    BufferedImage resized = image;
    if (image.getWidth() != width || image.getHeight() != height) {
      resized = new BufferedImage(width, height, image.getColorModel().hasAlpha()
          ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
      Graphics2D g = resized.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, width, height, null);
      g.dispose();
    }
    if (channels == 1) {
      return MnistFormat.gray(resized);
    }
    int[] argb = resized.getRGB(0, 0, width, height, null, 0, width);
    float[] out = new float[argb.length * 3];
    for (int i = 0; i < argb.length; i++) {
      out[3 * i] = ((argb[i] >> 16) & 0xff) / 255f;
      out[3 * i + 1] = ((argb[i] >> 8) & 0xff) / 255f;
      out[3 * i + 2] = (argb[i] & 0xff) / 255f;
    }
    return out;
  }
}
