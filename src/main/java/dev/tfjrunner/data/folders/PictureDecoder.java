package dev.tfjrunner.data.folders;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes one picture file (PNG, JPEG, BMP, GIF: the first frame) with ImageIO into 8-bit values in
 * a colour mode, as TensorFlow's {@code decode_image(channels=...)} does: grayscale pictures keep
 * their gray values (read from the raster, not through Java2D's colour conversion), colour to
 * grayscale uses {@code tf.image.rgb_to_grayscale}'s weights (0.2989, 0.5870, 0.1140), gray to
 * RGB repeats the value, RGB to RGBA adds an opaque alpha, RGBA to RGB drops the alpha.
 */
public final class PictureDecoder {

  static {
    ImageIO.setUseCache(false); // decode in memory, not through temporary files
  }

  private PictureDecoder() {}

  /** A decoded picture: {@code height x width x channels} bytes, row-major. */
  public record Picture(byte[] pixels, int height, int width, int channels) {}

  /** Decodes {@code file}; a file ImageIO cannot read is an IOException saying why. */
  public static Picture decode(Path file, ColorMode mode) throws IOException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot decode (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
    }
    if (image == null) {
      throw new IOException("not a picture ImageIO can read (corrupt, or not PNG, JPEG, BMP or GIF)");
    }
    return convert(image, mode);
  }

  static Picture convert(BufferedImage image, ColorMode mode) {
    int h = image.getHeight();
    int w = image.getWidth();
    int c = mode.channels();
    byte[] out = new byte[h * w * c];
    Raster raster = image.getRaster();
    boolean gray = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
        && raster.getNumBands() <= 2;
    if (gray) {
      int bits = image.getColorModel().getComponentSize(0);
      boolean alpha = raster.getNumBands() == 2;
      int[] row = new int[w * raster.getNumBands()];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        for (int x = 0; x < w; x++) {
          int v = toByte(row[x * raster.getNumBands()], bits);
          int a = alpha ? toByte(row[x * 2 + 1], image.getColorModel().getComponentSize(1)) : 255;
          put(out, (y * w + x) * c, c, v, v, v, a, v);
        }
      }
    } else {
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0; i < argb.length; i++) {
        int p = argb[i];
        int r = (p >> 16) & 0xff;
        int g = (p >> 8) & 0xff;
        int b = p & 0xff;
        int luma = Math.round(Math.min(255f, 0.2989f * r + 0.5870f * g + 0.1140f * b));
        put(out, i * c, c, r, g, b, (p >>> 24) & 0xff, luma);
      }
    }
    return new Picture(out, h, w, c);
  }

  private static void put(byte[] out, int at, int channels, int r, int g, int b, int a, int luma) {
    switch (channels) {
      case 1 -> out[at] = (byte) luma;
      case 3 -> {
        out[at] = (byte) r;
        out[at + 1] = (byte) g;
        out[at + 2] = (byte) b;
      }
      default -> {
        out[at] = (byte) r;
        out[at + 1] = (byte) g;
        out[at + 2] = (byte) b;
        out[at + 3] = (byte) a;
      }
    }
  }

  private static int toByte(int sample, int bits) {
    if (bits == 8) {
      return sample;
    }
    return bits > 8 ? sample >> (bits - 8) : Math.round(sample * 255f / ((1 << bits) - 1));
  }

  /**
   * The centred crop with the target's aspect ratio, as Keras 3's {@code crop_to_aspect_ratio}
   * (float32 arithmetic truncated to int, at least one pixel).
   */
  public static Picture cropToAspectRatio(Picture p, int targetHeight, int targetWidth) {
    int cropHeight = Math.max(Math.min(p.height(), (int) ((float) (p.width() * targetHeight) / targetWidth)), 1);
    int cropWidth = Math.max(Math.min(p.width(), (int) ((float) (p.height() * targetWidth) / targetHeight)), 1);
    if (cropHeight == p.height() && cropWidth == p.width()) {
      return p;
    }
    int top = (int) ((float) (p.height() - cropHeight) / 2);
    int left = (int) ((float) (p.width() - cropWidth) / 2);
    int c = p.channels();
    byte[] out = new byte[cropHeight * cropWidth * c];
    for (int y = 0; y < cropHeight; y++) {
      System.arraycopy(p.pixels(), ((top + y) * p.width() + left) * c, out, y * cropWidth * c, cropWidth * c);
    }
    return new Picture(out, cropHeight, cropWidth, c);
  }
}
