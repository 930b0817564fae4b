package dev.tfjrunner.tensorboard;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * A batch of 8-bit images laid out as TF's image ops take them, [count, height, width, channels]
 * row-major.
 */
record Uint8Images(byte[] pixels, int count, int height, int width, int channels) {

  Uint8Images {
    if (count < 1 || height < 1 || width < 1 || channels < 1
        || (long) count * height * width * channels != pixels.length) {
      throw new IllegalArgumentException("pixels hold " + pixels.length + " values, not " + count + " images of "
          + height + "x" + width + "x" + channels);
    }
  }

  /**
   * Images from float pixels as {@code tf.summary.image} converts them
   * ({@code tf.image.convert_image_dtype(data, tf.uint8, saturate=True)}): {@code v * 255.5},
   * clipped to [0, 255] and truncated, so values outside [0, 1] (weights, sharpened inputs) show as
   * black or white.
   */
  static Uint8Images ofFloats(float[] values, int count, int height, int width, int channels) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) (int) Math.min(255f, Math.max(0f, values[i] * 255.5f));
    }
    return new Uint8Images(bytes, count, height, width, channels);
  }

  static Uint8Images of(SampleImages samples) {
    return ofFloats(samples.pixels(), samples.count(), samples.height(), samples.width(), samples.channels());
  }

  /** One RGB image; any transparency is flattened onto white so charts look as they do in a PNG viewer. */
  static Uint8Images rgb(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    BufferedImage opaque = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = opaque.createGraphics();
    try {
      g.drawImage(image, 0, 0, Color.WHITE, null);
    } finally {
      g.dispose();
    }
    int[] argb = opaque.getRGB(0, 0, width, height, null, 0, width);
    byte[] bytes = new byte[argb.length * 3];
    for (int i = 0; i < argb.length; i++) {
      bytes[3 * i] = (byte) (argb[i] >> 16);
      bytes[3 * i + 1] = (byte) (argb[i] >> 8);
      bytes[3 * i + 2] = (byte) argb[i];
    }
    return new Uint8Images(bytes, 1, height, width, 3);
  }
}
