package dev.tfjrunner.serving;

import dev.tfjrunner.data.InvalidDataException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Turns an image of any size and colour into what the models were trained on: 28x28 gray levels
 * in [0, 1], white ink on black, the digit fitted into a 20x20 box and centred by its centre of
 * mass. That is MNIST's own recipe (LeCun et al.): the NIST digits were "size normalized to fit in
 * a 20x20 pixel box while preserving their aspect ratio" with anti-aliasing, then "centered in a
 * 28x28 image by computing the center of mass of the pixels".
 */
public final class MnistFormat {

  /** MNIST's image side. */
  public static final int SIDE = 28;
  /** The longer side of the digit after scaling. */
  static final int BOX = 20;
  /** Gray level (after inversion) above which a pixel counts as ink when cropping. */
  static final float INK = 0.1f;

  private MnistFormat() {}

  /** Reads an image file: PNG, or any other format ImageIO knows (JPEG, GIF, BMP). */
  public static BufferedImage read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidDataException(file, "no such file");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new InvalidDataException(file, "unreadable image (" + e.getMessage() + ")");
    }
    if (image == null) {
      throw new InvalidDataException(file, "not an image (expected PNG, JPEG, GIF or BMP)");
    }
    return image;
  }

  /**
   * The image as 28 * 28 values in [0, 1], row-major. Gray levels are luminance (transparent
   * pixels count as white), inverted as {@code inversion} says. An image that is already 28x28 is
   * used as it is; any other has its paper (the border's median) set to black and its strongest
   * ink to white, is cropped to its ink, scaled with area averaging so the longer side is 20
   * pixels, and pasted into 28x28 with its centre of mass in the middle. An image without ink
   * comes out black.
   */
  public static float[] convert(BufferedImage image, Inversion inversion) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] gray = gray(image);
    boolean invert = switch (inversion) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> borderMean(gray, w, h) > 0.5;
    };
    if (invert) {
      for (int i = 0; i < gray.length; i++) {
        gray[i] = 1 - gray[i];
      }
    }
    if (w == SIDE && h == SIDE) {
      return gray;
    }
    stretch(gray, borderMedian(gray, w, h));
    int[] box = inkBox(gray, w, h);
    if (box == null) {
      return new float[SIDE * SIDE];
    }
    int cropW = box[2] - box[0];
    int cropH = box[3] - box[1];
    float[] crop = new float[cropW * cropH];
    for (int y = 0; y < cropH; y++) {
      System.arraycopy(gray, (box[1] + y) * w + box[0], crop, y * cropW, cropW);
    }
    int longer = Math.max(cropW, cropH);
    int scaledW = Math.max(1, (int) Math.round((double) cropW * BOX / longer));
    int scaledH = Math.max(1, (int) Math.round((double) cropH * BOX / longer));
    return centreByMass(resize(crop, cropW, cropH, scaledW, scaledH), scaledW, scaledH);
  }

  /** Luminance (ITU-R 601, as PIL's "L" mode) in [0, 1]; transparency is composited over white. */
  static float[] gray(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] out = new float[w * h];
    if (image.getColorModel() instanceof ComponentColorModel cm
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      // getRGB would pass gray PNGs through a linear-to-sRGB curve (128 reads as 188): use the samples.
      Raster raster = image.getRaster();
      float grayMax = (1 << cm.getComponentSize(0)) - 1;
      float alphaMax = cm.hasAlpha() ? (1 << cm.getComponentSize(1)) - 1 : 1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float alpha = cm.hasAlpha() ? raster.getSample(x, y, 1) / alphaMax : 1;
          out[y * w + x] = overWhite(raster.getSample(x, y, 0) / grayMax, alpha);
        }
      }
      return out;
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      float luminance = (0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff)) / 255f;
      out[i] = overWhite(luminance, ((p >>> 24) & 0xff) / 255f);
    }
    return out;
  }

  private static float overWhite(float value, float alpha) {
    return Math.min(1f, alpha * value + (1 - alpha));
  }

  private static float[] border(float[] gray, int w, int h) {
    float[] border = new float[w * h - Math.max(0, w - 2) * Math.max(0, h - 2)];
    int n = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
          border[n++] = gray[y * w + x];
        }
      }
    }
    return border;
  }

  private static double borderMean(float[] gray, int w, int h) {
    float[] border = border(gray, w, h);
    double sum = 0;
    for (float v : border) {
      sum += v;
    }
    return sum / border.length;
  }

  /** The paper's level: robust to ink that touches the edge. */
  private static float borderMedian(float[] gray, int w, int h) {
    float[] border = border(gray, w, h);
    Arrays.sort(border);
    return border[border.length / 2];
  }

  /**
   * Maps the paper's level to 0 and the strongest ink to 1 (clipping below), as MNIST's scans of
   * black-on-white forms were: a photo's gray paper and faded ink become black and white. Less
   * contrast than {@link #INK} is noise on blank paper, not ink: all black then.
   */
  private static void stretch(float[] gray, float paper) {
    float ink = paper;
    for (float v : gray) {
      ink = Math.max(ink, v);
    }
    float range = ink - paper;
    for (int i = 0; i < gray.length; i++) {
      gray[i] = range > INK ? Math.max(0, (gray[i] - paper) / range) : 0;
    }
  }

  /** {x0, y0, x1, y1} (exclusive ends) of the pixels above {@link #INK}, or null when none is. */
  private static int[] inkBox(float[] gray, int w, int h) {
    int x0 = w;
    int y0 = h;
    int x1 = 0;
    int y1 = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (gray[y * w + x] > INK) {
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x + 1);
          y1 = Math.max(y1, y + 1);
        }
      }
    }
    return x1 == 0 ? null : new int[] {x0, y0, x1, y1};
  }

  /**
   * Area-averaging resize: each output pixel is the mean of the input area it covers, input
   * pixels cut by its edges weighted by the part inside. Separable, so done along rows then columns.
   */
  static float[] resize(float[] src, int srcW, int srcH, int dstW, int dstH) {
    float[] rows = new float[dstW * srcH];
    for (int y = 0; y < srcH; y++) {
      resample(src, y * srcW, 1, srcW, rows, y * dstW, 1, dstW);
    }
    float[] out = new float[dstW * dstH];
    for (int x = 0; x < dstW; x++) {
      resample(rows, x, dstW, srcH, out, x, dstW, dstH);
    }
    return out;
  }

  private static void resample(float[] in, int inOffset, int inStride, int inLength,
      float[] out, int outOffset, int outStride, int outLength) {
    double scale = (double) inLength / outLength;
    for (int o = 0; o < outLength; o++) {
      double start = o * scale;
      double end = (o + 1) * scale;
      double sum = 0;
      for (int i = (int) start; i < Math.min(inLength, (int) Math.ceil(end)); i++) {
        sum += (Math.min(end, i + 1) - Math.max(start, i)) * in[inOffset + i * inStride];
      }
      out[outOffset + o * outStride] = (float) (sum / scale);
    }
  }

  /** Pastes a patch into a black 28x28 image with its centre of mass on pixel (14, 14) (whole-pixel shift). */
  static float[] centreByMass(float[] patch, int w, int h) {
    double mass = 0;
    double mx = 0;
    double my = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float v = patch[y * w + x];
        mass += v;
        mx += v * x;
        my += v * y;
      }
    }
    // MNIST's centre of mass sits on pixel (14, 14), not between pixels 13 and 14: its mean over
    // the training set is (14.00, 13.99) in pixel indices.
    int left = (int) Math.round(SIDE / 2.0 - (mass > 0 ? mx / mass : (w - 1) / 2.0));
    int top = (int) Math.round(SIDE / 2.0 - (mass > 0 ? my / mass : (h - 1) / 2.0));
    float[] out = new float[SIDE * SIDE];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int ox = left + x;
        int oy = top + y;
        if (ox >= 0 && ox < SIDE && oy >= 0 && oy < SIDE) {
          out[oy * SIDE + ox] = patch[y * w + x];
        }
      }
    }
    return out;
  }
}
