package dev.tfjrunner.train;

import dev.tfjrunner.data.LabeledImages;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** One batch as native tensors: images [n, h, w, c] and labels [n]. Close it after the step. */
public record Batch(TFloat32 images, TInt32 labels, int size) implements AutoCloseable {

  /**
   * Copies the images {@code order[from..to)} of {@code data} into new tensors, through
   * {@code staging} (a reusable array of at least {@code (to - from) * pixelsPerImage} floats): the
   * 8-bit values are scaled into it (v / 255f) on the prefetch thread and move into the tensor as
   * one bulk copy.
   */
  public static Batch of(LabeledImages data, int[] order, int from, int to, float[] staging) {
    int n = to - from;
    int size = data.pixelsPerImage();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int index = order == null ? from + i : order[from + i];
      data.copyImage(index, staging, i * size);
      labels[i] = data.labels()[index];
    }
    TFloat32 images = TFloat32.tensorOf(Shape.of(n, data.height(), data.width(), data.channels()),
        DataBuffers.of(staging, true, false).narrow((long) n * size));
    return new Batch(images, TInt32.vectorOf(labels), n);
  }

  /** At most this many floats are staged for one evaluation batch (64 MB): large images get smaller batches. */
  static final int MAX_EVALUATION_VALUES = 1 << 24;

  /**
   * {@code requested}, or fewer images when that many would stage more than
   * {@link #MAX_EVALUATION_VALUES} floats (MNIST's 1,000 stay 1,000; 1,000 images of 256x256x3 would be 786 MB).
   */
  static int evaluationSize(int requested, int pixelsPerImage) {
    return Math.max(1, Math.min(requested, MAX_EVALUATION_VALUES / pixelsPerImage));
  }

  /** The images {@code from..to} in stored order. */
  public static Batch of(LabeledImages data, int from, int to) {
    return of(data, null, from, to, new float[(to - from) * data.pixelsPerImage()]);
  }

  @Override
  public void close() {
    images.close();
    labels.close();
  }
}
