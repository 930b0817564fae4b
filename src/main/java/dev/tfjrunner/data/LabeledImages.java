package dev.tfjrunner.data;

/**
 * Images with their class labels, held compactly as 8-bit values ({@link ImageStore}: one byte per
 * pixel and channel, row-major [height, width, channels] per image, on the heap or memory-mapped)
 * so batches are copied into tensors in bulk. Pixel value {@code v} stands for {@code v / 255f} in
 * [0, 1]: {@link #pixels()} and the training batches scale it exactly as the reference study does
 * (float32 division by 255).
 *
 * @param store the images' values, {@code height * width * channels} per image
 * @param labels one class id per image
 * @param height rows of one image
 * @param width columns of one image
 * @param channels 1 for grayscale, 3 for RGB, 4 for RGBA
 */
public record LabeledImages(ImageStore store, int[] labels, int height, int width, int channels) {

  public LabeledImages {
    if (store.count() != labels.length || (long) height * width * channels != store.imageSize()) {
      throw new IllegalArgumentException("pixels hold " + store.count() + " images of " + store.imageSize()
          + " values, not " + labels.length + " images of " + height + "x" + width + "x" + channels);
    }
  }

  /** Images stored back to back in {@code bytes} (values 0..255, image after image). */
  public LabeledImages(byte[] bytes, int[] labels, int height, int width, int channels) {
    this(storeOf(bytes, labels.length, height * width * channels), labels, height, width, channels);
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

  /** All images' 8-bit values back to back (a fresh array: for sets that fit in one). */
  public byte[] bytes() {
    return store.toArray();
  }

  /** All images as floats in [0, 1] (a fresh array, 4 bytes per value: for small sets and serving). */
  public float[] pixels() {
    float[] scaled = new float[count() * pixelsPerImage()];
    for (int i = 0; i < count(); i++) {
      store.copyScaled(i, scaled, i * pixelsPerImage());
    }
    return scaled;
  }

  /** The images at {@code indices}, in that order (a view of the same store: no pixels are copied). */
  public LabeledImages select(int[] indices) {
    int[] selectedLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      selectedLabels[i] = labels[indices[i]];
    }
    return new LabeledImages(store.select(indices), selectedLabels, height, width, channels);
  }

  /** The first {@code n} images (all of them when there are fewer). */
  public LabeledImages first(int n) {
    return select(java.util.stream.IntStream.range(0, Math.min(n, count())).toArray());
  }

  /** One image as a fresh array of floats in [0, 1]. */
  public float[] image(int index) {
    float[] scaled = new float[pixelsPerImage()];
    store.copyScaled(index, scaled, 0);
    return scaled;
  }

  /** Writes image {@code index} as floats in [0, 1] into {@code target} from {@code offset} ({@link ImageStore#copyScaled}). */
  public void copyImage(int index, float[] target, int offset) {
    store.copyScaled(index, target, offset);
  }

  private static ImageStore storeOf(byte[] bytes, int count, int imageSize) {
    if ((long) count * imageSize != bytes.length) {
      throw new IllegalArgumentException("pixels hold " + bytes.length + " values, not " + count + " images of "
          + imageSize + " values");
    }
    return ImageStore.of(bytes, imageSize);
  }

  private static byte[] quantise(float[] pixels) {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (byte) Math.round(Math.min(1f, Math.max(0f, pixels[i])) * 255f);
    }
    return out;
  }
}
