package dev.tfjrunner.data;

import java.util.Arrays;

/**
 * Images with their class labels, held as one row-major float array ([count, height, width,
 * channels]) so batches are copied into tensors in bulk.
 *
 * @param pixels {@code count * height * width * channels} values in [0, 1], image after image
 * @param labels one class id per image
 * @param height rows of one image
 * @param width columns of one image
 * @param channels 1 for grayscale, 3 for RGB
 */
public record LabeledImages(float[] pixels, int[] labels, int height, int width, int channels) {

  public LabeledImages {
    if ((long) labels.length * height * width * channels != pixels.length) {
      throw new IllegalArgumentException("pixels hold " + pixels.length + " values, not " + labels.length + " images of "
          + height + "x" + width + "x" + channels);
    }
  }

  /** Grayscale images. */
  public static LabeledImages grayscale(float[] pixels, int[] labels, int height, int width) {
    return new LabeledImages(pixels, labels, height, width, 1);
  }

  public int count() {
    return labels.length;
  }

  /** Values per image: height * width * channels. */
  public int pixelsPerImage() {
    return height * width * channels;
  }

  /** The images at {@code indices}, in that order. */
  public LabeledImages select(int[] indices) {
    int size = pixelsPerImage();
    float[] selectedPixels = new float[indices.length * size];
    int[] selectedLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * size, selectedPixels, i * size, size);
      selectedLabels[i] = labels[indices[i]];
    }
    return new LabeledImages(selectedPixels, selectedLabels, height, width, channels);
  }

  /** The first {@code n} images (all of them when there are fewer). */
  public LabeledImages first(int n) {
    int kept = Math.min(n, count());
    return new LabeledImages(
        Arrays.copyOf(pixels, kept * pixelsPerImage()), Arrays.copyOf(labels, kept), height, width, channels);
  }

  /** One image as a fresh array. */
  public float[] image(int index) {
    int size = pixelsPerImage();
    return Arrays.copyOfRange(pixels, index * size, (index + 1) * size);
  }

  /** 8-bit pixels as floats in [0, 1] (pixel / 255, as the reference study does). */
  static float[] unitScale(byte[] raw) {
    float[] scaled = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      scaled[i] = (raw[i] & 0xff) / 255f;
    }
    return scaled;
  }
}
