package dev.tfjrunner.data;

import java.util.Arrays;

/**
 * Images with their class labels, held compactly as one row-major array of 8-bit values
 * ([count, height, width, channels], one byte per pixel and channel) so batches are copied into
 * tensors in bulk. Pixel value {@code v} stands for {@code v / 255f} in [0, 1]: {@link #pixels()}
 * and the training batches scale it exactly as the reference study does (float32 division by 255).
 *
 * @param bytes {@code count * height * width * channels} values 0..255, image after image
 * @param labels one class id per image
 * @param height rows of one image
 * @param width columns of one image
 * @param channels 1 for grayscale, 3 for RGB, 4 for RGBA
 */
public record LabeledImages(byte[] bytes, int[] labels, int height, int width, int channels) {

  public LabeledImages {
    if ((long) labels.length * height * width * channels != bytes.length) {
      throw new IllegalArgumentException("pixels hold " + bytes.length + " values, not " + labels.length + " images of "
          + height + "x" + width + "x" + channels);
    }
  }

  /**
   * Images given as floats in [0, 1], stored as {@code round(p * 255)} (exact for values that came
   * from 8-bit pixels; others are quantised to the nearest 1/255 and clamped to [0, 1]).
   */
  public LabeledImages(float[] pixels, int[] labels, int height, int width, int channels) {
    this(quantise(pixels), labels, height, width, channels);
  }

  /** Grayscale images from 8-bit values. */
  public static LabeledImages grayscale(byte[] bytes, int[] labels, int height, int width) {
    return new LabeledImages(bytes, labels, height, width, 1);
  }

  /** Grayscale images from floats in [0, 1] (see {@link #LabeledImages(float[], int[], int, int, int)}). */
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

  /** All images as floats in [0, 1] (a fresh array, 4 bytes per value: for small sets and serving). */
  public float[] pixels() {
    return unitScale(bytes, 0, bytes.length);
  }

  /** The images at {@code indices}, in that order. */
  public LabeledImages select(int[] indices) {
    int size = pixelsPerImage();
    byte[] selected = new byte[indices.length * size];
    int[] selectedLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(bytes, indices[i] * size, selected, i * size, size);
      selectedLabels[i] = labels[indices[i]];
    }
    return new LabeledImages(selected, selectedLabels, height, width, channels);
  }

  /** The first {@code n} images (all of them when there are fewer). */
  public LabeledImages first(int n) {
    int kept = Math.min(n, count());
    return new LabeledImages(
        Arrays.copyOf(bytes, kept * pixelsPerImage()), Arrays.copyOf(labels, kept), height, width, channels);
  }

  /** One image as a fresh array of floats in [0, 1]. */
  public float[] image(int index) {
    int size = pixelsPerImage();
    return unitScale(bytes, index * size, size);
  }

  /**
   * Writes image {@code index} as floats in [0, 1] into {@code target} from {@code offset}: the one
   * place 8-bit values become the network's floats ({@code v / 255f}, the study's arithmetic).
   */
  public void copyImage(int index, float[] target, int offset) {
    int size = pixelsPerImage();
    int from = index * size;
    for (int i = 0; i < size; i++) {
      target[offset + i] = (bytes[from + i] & 0xff) / 255f;
    }
  }

  private static float[] unitScale(byte[] raw, int from, int length) {
    float[] scaled = new float[length];
    for (int i = 0; i < length; i++) {
      scaled[i] = (raw[from + i] & 0xff) / 255f;
    }
    return scaled;
  }

  private static byte[] quantise(float[] pixels) {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (byte) Math.round(Math.min(1f, Math.max(0f, pixels[i])) * 255f);
    }
    return out;
  }
}
